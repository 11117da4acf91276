/*
 * run.h: the roles, wired (run.c).
 */
#ifndef VRSYNC_CLI_RUN_H
#define VRSYNC_CLI_RUN_H

#include "cli/options.h"
#include "proto/options.h"

/* A client: pull, push or local copy; returns (or exits with) the exit code. */
int	run_client(struct options *o);
/* --server: the remote end a client started. */
int	run_server(struct options *o);

#endif
