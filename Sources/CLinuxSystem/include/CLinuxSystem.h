#ifndef CLINUXSYSTEM_H
#define CLINUXSYSTEM_H

/* glibc calls that Swift's Glibc module leaves out: syncfs(2) is declared only under _GNU_SOURCE, and
   mallopt's options are macros of <malloc.h>. Plain C functions, so no header of theirs reaches Swift. */

/* syncfs(2) on the file system holding the open descriptor `fd`; 0 on success, -1 with errno set. */
int clinux_syncfs(int fd);

/* mallopt(M_ARENA_MAX, count): caps how many malloc arenas glibc creates; 1 on success, 0 on failure. */
int clinux_limit_malloc_arenas(int count);

#endif
