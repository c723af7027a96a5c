// An HTTP(S) GET through the system's libcurl, loaded only when a download
// starts.
//
// Why not URLSession: linking FoundationNetworking makes every run of
// `lessons` load libcurl and its TLS, Kerberos and LDAP libraries at start-up,
// most of a short run's time, to serve the one command that downloads.
// Opening libcurl with dlopen costs that only to `data fetch`.
//
// libcurl's ABI is stable across its 7.x and 8.x releases: the option and
// info numbers below are those of curl.h and never change meaning. The
// headers need not be installed; the library is there wherever Swift's
// Foundation is (it depends on it).

#include "chttp.h"

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

typedef void CURL;
typedef int CURLcode;

// curl.h's numbers: CURLOPTTYPE_LONG 0, _OBJECTPOINT 10000, _FUNCTIONPOINT 20000.
enum {
    OPT_WRITEDATA = 10001,
    OPT_URL = 10002,
    OPT_ERRORBUFFER = 10010,
    OPT_USERAGENT = 10018,
    OPT_WRITEFUNCTION = 20011,
    OPT_LOW_SPEED_LIMIT = 19,
    OPT_LOW_SPEED_TIME = 20,
    OPT_FOLLOWLOCATION = 52,
    OPT_MAXREDIRS = 68,
    OPT_NOSIGNAL = 99,
    OPT_TIMEOUT_MS = 155,
    OPT_CONNECTTIMEOUT_MS = 156,
    OPT_PROTOCOLS = 181,
    OPT_REDIR_PROTOCOLS = 182,
    INFO_RESPONSE_CODE = 0x200000 + 2,
    PROTO_HTTP = 1,
    PROTO_HTTPS = 2,
    CURL_ERROR_SIZE = 256,
};

typedef struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
} curl_api;

static int load_curl(curl_api *api, char *error, size_t error_size) {
#if defined(__APPLE__)
    static const char *const names[] = {"libcurl.4.dylib", "libcurl.dylib", "/usr/lib/libcurl.4.dylib"};
#else
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
#endif
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++)
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(error, error_size, "cannot load libcurl (%s): %s", names[0], dlerror());
        return -1;
    }
    // Kept open for the life of the process: unloading TLS libraries is not safe.
    *(void **)&api->global_init = dlsym(library, "curl_global_init");
    *(void **)&api->easy_init = dlsym(library, "curl_easy_init");
    *(void **)&api->easy_setopt = dlsym(library, "curl_easy_setopt");
    *(void **)&api->easy_perform = dlsym(library, "curl_easy_perform");
    *(void **)&api->easy_getinfo = dlsym(library, "curl_easy_getinfo");
    *(void **)&api->easy_cleanup = dlsym(library, "curl_easy_cleanup");
    *(void **)&api->easy_strerror = dlsym(library, "curl_easy_strerror");
    if (!api->global_init || !api->easy_init || !api->easy_setopt || !api->easy_perform || !api->easy_getinfo ||
        !api->easy_cleanup || !api->easy_strerror) {
        snprintf(error, error_size, "libcurl lacks the curl_easy functions");
        return -1;
    }
    // Explicitly and once: curl_easy_init's own global set-up is not
    // thread-safe before libcurl 7.84. CURL_GLOBAL_DEFAULT is 3.
    if (api->global_init(3L) != 0) {
        snprintf(error, error_size, "libcurl could not initialise");
        return -1;
    }
    return 0;
}

// libcurl is loaded once per process, whichever thread fetches first.
static curl_api shared_api;
static int shared_status = -1;
static char shared_error[256];
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;
static void load_shared(void) { shared_status = load_curl(&shared_api, shared_error, sizeof shared_error); }

typedef struct {
    curl_api *api;
    CURL *handle;
    chttp_http_sink sink;
    void *context;
    long status;
    int stopped;
} transfer;

static size_t on_data(char *bytes, size_t size, size_t count, void *user) {
    transfer *t = user;
    size_t length = size * count;
    long status = 0;
    t->api->easy_getinfo(t->handle, INFO_RESPONSE_CODE, &status);
    t->status = status;
    // A body that is not the file (an error page) is not read at all.
    if (status != 200 || t->sink(t->context, (const uint8_t *)bytes, length) != 0) {
        t->stopped = 1;
        return 0;
    }
    return length;
}

int chttp_http_get(const char *url, double timeout, double total, chttp_http_sink sink, void *context, long *status,
                       char *error, size_t error_size) {
    *status = 0;
    if (error_size > 0) error[0] = 0;
    pthread_once(&shared_once, load_shared);
    if (shared_status != 0) {
        snprintf(error, error_size, "%s", shared_error);
        return -1;
    }
    curl_api api = shared_api;
    CURL *handle = api.easy_init();
    if (handle == NULL) {
        snprintf(error, error_size, "libcurl could not start a transfer");
        return -1;
    }
    char detail[CURL_ERROR_SIZE] = {0};
    transfer t = {&api, handle, sink, context, 0, 0};
    // Whole seconds from 1 to a day (NaN and infinities included), so the
    // conversion and the milliseconds below stay defined.
    long seconds = !(timeout >= 1) ? 1 : timeout > 86400 ? 86400 : (long)ceil(timeout);
    CURLcode set = 0;
    set |= api.easy_setopt(handle, OPT_URL, url);
    set |= api.easy_setopt(handle, OPT_ERRORBUFFER, detail);
    set |= api.easy_setopt(handle, OPT_USERAGENT, "lessons");
    set |= api.easy_setopt(handle, OPT_WRITEFUNCTION, on_data);
    set |= api.easy_setopt(handle, OPT_WRITEDATA, &t);
    set |= api.easy_setopt(handle, OPT_FOLLOWLOCATION, 1L);
    set |= api.easy_setopt(handle, OPT_MAXREDIRS, 10L);
    set |= api.easy_setopt(handle, OPT_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS));
    set |= api.easy_setopt(handle, OPT_REDIR_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS));
    set |= api.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    set |= api.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, seconds * 1000L);
    // Under 1 KiB a second for `timeout` seconds fails the download: a
    // silent server, and one that trickles a few bytes at a time (which a
    // one-byte floor let run for days on MNIST's 10 MB).
    set |= api.easy_setopt(handle, OPT_LOW_SPEED_LIMIT, 1024L);
    set |= api.easy_setopt(handle, OPT_LOW_SPEED_TIME, seconds);
    // And the whole transfer within `total` seconds: a server that trickles
    // just above that floor must not take hours (MNIST's 10 MB at 2 KiB/s would).
    long whole = !(total >= 1) ? 1 : total > 864000 ? 864000 : (long)ceil(total);
    set |= api.easy_setopt(handle, OPT_TIMEOUT_MS, whole * 1000L);
    if (set != 0) {
        snprintf(error, error_size, "libcurl refused an option");
        api.easy_cleanup(handle);
        return -1;
    }
    CURLcode code = api.easy_perform(handle);
    long final_status = 0;
    api.easy_getinfo(handle, INFO_RESPONSE_CODE, &final_status);
    *status = final_status != 0 ? final_status : t.status;
    int failed = code != 0 && !t.stopped;
    if (failed) {
        snprintf(error, error_size, "%s", detail[0] ? detail : api.easy_strerror(code));
        // The code libcurl kept may be a redirect's (301, 302) that led to
        // the failure: the failure is the news, not that status.
        *status = 0;
    }
    api.easy_cleanup(handle);
    return failed ? -1 : 0;
}
