#include "cinterrupts.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted = 0;
static volatile sig_atomic_t listeners = 0;
static volatile sig_atomic_t line_shown = 0;
static volatile sig_atomic_t acknowledged = 0;

static const char clear_line[] = "\r\033[K";
static const char heard[] = "\r\033[KCtrl-C: stopping after this step (Ctrl-C again to stop at once)\n";
/* For a terminal that cannot rewrite a line (TERM=dumb): after the echoed ^C. */
static const char heard_plain[] = "\nCtrl-C: stopping after this step (Ctrl-C again to stop at once)\n";

static void on_sigint(int signal_number) {
    (void)signal_number;
    if (interrupted || listeners <= 0) {
        if (line_shown) {
            ssize_t written = write(2, clear_line, sizeof clear_line - 1);
            (void)written;
        }
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);  // delivered when the handler returns
        return;
    }
    interrupted = 1;
    if (acknowledged == 2) {
        ssize_t written = write(2, heard, sizeof heard - 1);
        (void)written;
    } else if (acknowledged == 1) {
        ssize_t written = write(2, heard_plain, sizeof heard_plain - 1);
        (void)written;
    }
}

int cinterrupts_install(int acknowledge) {
    struct sigaction current;
    if (sigaction(SIGINT, NULL, &current) == 0 && current.sa_handler == SIG_IGN) return 0;
    acknowledged = acknowledge == 2 ? 2 : acknowledge ? 1 : 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(SIGINT, &action, NULL) == 0 ? 1 : 0;
}

void cinterrupts_listen(int delta) { listeners += delta; }

int cinterrupts_interrupted(void) { return interrupted; }

void cinterrupts_progress_line(int shown) { line_shown = shown ? 1 : 0; }
