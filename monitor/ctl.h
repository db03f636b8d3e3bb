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

/* The running daemon over its HTTP API (docs/api.md, "ontwatchctl"); each takes
 * [--url URL] [--token TOKEN] [-f CONFIG] [--json] (monitor/ctl_http.h). */
/* status: the daemon at a glance (monitor/ctl_live.c, as the next five). */
int ctl_status(int argc, char **argv);
/* onts [--at-risk] [--olt OLT] [--port PORT] [--state S] [--sort S] [--limit N] */
int ctl_onts(int argc, char **argv);
/* ont SERIAL [--hours N]: levels, findings, orders and a chart of its Rx history. */
int ctl_ont(int argc, char **argv);
/* orders [--state S] [--cause C] [--priority P] [--region R] [--olt OLT] [--limit N] */
int ctl_orders(int argc, char **argv);
/* order ID: one order with its events and visit hints; `order status ...` is ctl_order. */
int ctl_order_live(int argc, char **argv);
/* reload: ask for a reload and wait (10 s at most) for its outcome. */
int ctl_reload(int argc, char **argv);
/* silence add|list|remove (monitor/ctl_silence.c). */
int ctl_silence(int argc, char **argv);
/* whatif -f PROFILE [selection] [--from T] [--to T] (monitor/ctl_whatif.c). */
int ctl_whatif(int argc, char **argv);

#endif
