/* ctl: ontwatchctl's subcommands. Each is `int NAME(int argc, char **argv)` returning the
 * process exit status (argv[0] is the subcommand), listed once in ontwatchctl.c's table. */
#ifndef OW_CTL_H
#define OW_CTL_H

/* check-config [--print] [--show-secrets] FILE */
int ctl_check_config(int argc, char **argv);
/* store-info [-f CONFIG | --store PATH]: schema version, ONTs, readings, orders. */
int ctl_store_info(int argc, char **argv);
/* capture analyse FILE.pcap [--json] [...]: per-subscriber/ONT evidence from a capture. */
int ctl_capture(int argc, char **argv);

/* probe [--json] (-f CONFIG OLT | --vendor PROFILE --address HOST[:PORT] ...): poll one
 * OLT once and print its decoded ONTs (monitor/ctl_probe.c). */
int ctl_probe(int argc, char **argv);
/* outbox submit|list|dead|requeue [-f CONFIG | --store PATH]: delivery queues, dead letters. */
int ctl_outbox(int argc, char **argv);
/* order status [-f CONFIG | --store PATH] [--note TEXT] ID STATUS: a status report. */
int ctl_order(int argc, char **argv);
/* customers import [-f CONFIG | --store PATH] FILE: the customer file into the store. */
int ctl_customers(int argc, char **argv);

/* store-import (-f CONFIG | --store PATH) FILE.csv: recorded readings into the store. */
int ctl_store_import(int argc, char **argv);

/* replay --readings FILE [--customers FILE] [-f CONFIG] [--orders OUT] [--summary] */
int ctl_replay(int argc, char **argv);

#endif
