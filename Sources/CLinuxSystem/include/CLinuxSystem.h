#ifndef CLINUXSYSTEM_H
#define CLINUXSYSTEM_H

#include <spawn.h>

/* glibc calls that Swift's Glibc module leaves out: syncfs(2) and the spawn actions below are declared only
   under _GNU_SOURCE. Plain C functions, so no _GNU_SOURCE header reaches Swift. */

/* syncfs(2) on the file system holding the open descriptor `fd`; 0 on success, -1 with errno set. */
int clinux_syncfs(int fd);

/* posix_spawn_file_actions_addclosefrom_np (glibc 2.34): the child closes every descriptor from `lowest` up.
   0 on success, else an errno value. */
int clinux_spawn_actions_close_from(posix_spawn_file_actions_t *actions, int lowest);

/* posix_spawn_file_actions_addchdir_np (glibc 2.29): the child starts in `path`. 0 on success, else an errno
   value. */
int clinux_spawn_actions_change_directory(posix_spawn_file_actions_t *actions, const char *path);

/* pipe2(fds, O_CLOEXEC): 0 on success, -1 with errno set. */
int clinux_pipe_cloexec(int fds[2]);

#endif
