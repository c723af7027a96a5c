#ifndef CINTERRUPTS_H
#define CINTERRUPTS_H

/// SIGINT (Ctrl-C) for a run, in C because a signal handler may only touch
/// `volatile sig_atomic_t` and call async-signal-safe functions: Swift's
/// globals go through lazy initialisation and, in debug builds, run-time
/// exclusivity checks that a handler interrupting the same access turns
/// into a crash.
///
/// The handler: while a loop listens (`cinterrupts_listen`) and for the
/// first Ctrl-C, it sets the flag the loop polls and, when asked to,
/// acknowledges on stderr; otherwise it clears the progress line if one is
/// shown and ends the process by SIGINT's default action, so that a calling
/// shell sees a death by SIGINT.
///
/// Installs the handler unless SIGINT is ignored (a script's background
/// job), which then stays ignored. `acknowledge`: 0 says nothing (stderr is
/// not a terminal), 1 says so on a line of its own, 2 also clears the
/// progress line first (a terminal that rewrites lines). Returns 1 if
/// installed, 0 if not.
int cinterrupts_install(int acknowledge);

/// Adds `delta` (+1 or −1) to the number of loops listening.
void cinterrupts_listen(int delta);

/// 1 once Ctrl-C was pressed while a loop listened.
int cinterrupts_interrupted(void);

/// Whether a progress line is on the terminal (the handler clears it).
void cinterrupts_progress_line(int shown);

#endif
