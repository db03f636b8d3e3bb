/* readings_csv: reads recorded readings (time,olt,port,ont,serial,status,rx_dbm,...) in large
 * buffered chunks; malformed rows are reported as "FILE:LINE: reason" and skipped. */
#ifndef OW_READINGS_CSV_H
#define OW_READINGS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ont_reading.h"

#define READINGS_CSV_LINE_MAX 4096 /* longer lines are malformed */
#define READINGS_CSV_ERR_MAX  512

struct readings_csv;

/* Open a file ("-" is stdin) and read its header. Returns NULL with a message in err
 * ("FILE: reason" or "FILE:1: reason") when it cannot be opened or the header is wrong. */
struct readings_csv *readings_csv_open(const char *path, char err[READINGS_CSV_ERR_MAX]);
/* Next row into *r: 1 a reading, 0 end of file, -1 a malformed row (skipped; message in
 * readings_csv_error), -2 a read error (message too). */
int readings_csv_next(struct readings_csv *rd, struct ont_reading *r);
/* The last error ("FILE:LINE: reason"). */
const char *readings_csv_error(const struct readings_csv *rd);
/* Rows read so far (data rows, including malformed ones). */
uint64_t readings_csv_rows(const struct readings_csv *rd);
/* Bytes read from the file so far (a little ahead of the rows returned). */
uint64_t readings_csv_bytes(const struct readings_csv *rd);
/* Close (accepts NULL). */
void readings_csv_close(struct readings_csv *rd);

/* Parse "YYYY-MM-DDTHH:MM:SSZ" (exactly) into Unix seconds; 0 or -1. */
int readings_csv_parse_time(const char *s, size_t n, int64_t *out);
/* Parse a plain decimal ("-21.37", "3", ".5"); 0 or -1. */
int readings_csv_parse_num(const char *s, size_t n, double *out);

#endif
