#ifndef CDOUBLETEXT_H
#define CDOUBLETEXT_H

#include <stddef.h>

/// snprintf with one double: `format` holds exactly one conversion of a
/// double (%.4g, %.8f, …) and comes from the package's own code, never from
/// input. Returns what snprintf returns.
///
/// Swift reaches C's variadic printf only through a va_list built from
/// `[CVarArg]`, and building one casts each argument to protocols that a
/// Double does not conform to; the runtime does not remember a failed
/// lookup, so each call scans every conformance record of the binary, a
/// hundred times the printf itself (docs/speed.md has the count).
int cdoubletext_format(char *buffer, size_t size, const char *format, double x);

/// The double nearest to the decimal number in `bytes[0..<length]` (at most
/// 1 000 bytes, already checked to be a JSON number): correctly rounded, as
/// Swift's `Double(String)` reads it, without making a String first. A
/// number whose digits make an integer m ≤ 2^53 (at most 16 digits, some of
/// 17) times a power of ten within ±22 is read by Clinger's exact fast path;
/// any other by strtod in the C locale, whatever locale the process has set.
/// Sets `*ok` to 0 if strtod did not read all of it.
double cdoubletext_parse(const char *bytes, size_t length, int *ok);

#endif
