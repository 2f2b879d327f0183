#define _GNU_SOURCE
#include "CChromiumSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

/* A copy at 10 or above: dup2 onto 3 and 4 must not clobber a source that happens to be 3 or 4. */
static int high_copy(int fd) { return fcntl(fd, F_DUPFD_CLOEXEC, 10); }

int cchromium_spawn(const char *path, char *const argv[], char *const envp[], int browser_reads,
                    int browser_writes, int log_fd, pid_t *pid) {
    int reads = high_copy(browser_reads), writes = high_copy(browser_writes), log = high_copy(log_fd);
    int result = 0;
    if (reads < 0 || writes < 0 || log < 0) {
        result = errno;
    } else {
        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attributes;
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
        sigset_t all, none;
        sigfillset(&all);
        sigemptyset(&none);
        posix_spawnattr_setsigdefault(&attributes, &all);
        posix_spawnattr_setsigmask(&attributes, &none);
        posix_spawnattr_setpgroup(&attributes, 0);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, log, 1);
        posix_spawn_file_actions_adddup2(&actions, log, 2);
        posix_spawn_file_actions_adddup2(&actions, reads, 3);
        posix_spawn_file_actions_adddup2(&actions, writes, 4);
        posix_spawn_file_actions_addclosefrom_np(&actions, 5);
        result = posix_spawn(pid, path, &actions, &attributes, argv, envp);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
    }
    if (reads >= 0) close(reads);
    if (writes >= 0) close(writes);
    if (log >= 0) close(log);
    return result;
}

int cchromium_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
