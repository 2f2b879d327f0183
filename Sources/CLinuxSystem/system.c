#define _GNU_SOURCE
#include <malloc.h>
#include <unistd.h>

#include "CLinuxSystem.h"

int clinux_syncfs(int fd) { return syncfs(fd); }

int clinux_limit_malloc_arenas(int count) { return mallopt(M_ARENA_MAX, count); }
