/* ctl: ontwatchctl's subcommands. Each is `int NAME(int argc, char **argv)` returning the
 * process exit status (argv[0] is the subcommand), listed once in ontwatchctl.c's table. */
#ifndef OW_CTL_H
#define OW_CTL_H

/* check-config [--print] [--show-secrets] FILE */
int ctl_check_config(int argc, char **argv);
/* store-info [-f CONFIG | --store PATH]: schema version, ONTs, readings, orders. */
int ctl_store_info(int argc, char **argv);

/* replay --readings FILE [--customers FILE] [-f CONFIG] [--orders OUT] [--summary] */
int ctl_replay(int argc, char **argv);

#endif
