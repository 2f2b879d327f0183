#ifndef CCHROMIUMSPAWN_H
#define CCHROMIUMSPAWN_H

#include <sys/types.h>

/* Starts Chromium for `--remote-debugging-pipe`: the child reads DevTools messages on fd 3 (`browser_reads`)
   and writes them on fd 4 (`browser_writes`), its stdin is /dev/null and stdout and stderr go to `log_fd`.
   Every other descriptor is closed in the child (glibc's posix_spawn_file_actions_addclosefrom_np, which
   Swift cannot see without _GNU_SOURCE), so no socket of the parent leaks into the browser. The child leads
   a process group of its own, so all of Chromium's helpers can be signalled at once, with default signal
   dispositions and an empty signal mask (the parent ignores SIGINT while a run is interruptible).
   Returns 0 and sets *pid, or an errno value. */
int cchromium_spawn(const char *path, char *const argv[], char *const envp[], int browser_reads,
                    int browser_writes, int log_fd, pid_t *pid);

/* pipe2(fds, O_CLOEXEC), which Swift's Glibc module does not declare: the pipe ends this process keeps never
   leak into other children. Returns 0 or -1 with errno set. */
int cchromium_pipe(int fds[2]);

#endif
