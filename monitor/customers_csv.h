/* customers_csv: reads the customer file (serial,customer_id,name,tier,phone,address,lat,lon,
 * splitter,windows), RFC 4180 quoting allowed; malformed rows reported and skipped. */
#ifndef OW_CUSTOMERS_CSV_H
#define OW_CUSTOMERS_CSV_H

#include <stdint.h>

#include "lib/ont_reading.h"

#define CUSTOMERS_CSV_ERR_MAX 512

struct customer_rec {
	char serial[ONT_SERIAL_MAX];
	char customer_id[64];
	char name[128];
	char tier[32];
	char phone[48];
	char address[256];
	double lat, lon; /* NAN when empty */
	char splitter[64];
	char windows[256]; /* "Mon-Fri 18:00-21:00;Sat 09:00-12:00", checked, may be empty */
};

struct customers_csv;

/* Open and read the header; NULL with a message in err on failure. */
struct customers_csv *customers_csv_open(const char *path, char err[CUSTOMERS_CSV_ERR_MAX]);
/* 1 a record, 0 end, -1 malformed row skipped (customers_csv_error), -2 read error. */
int customers_csv_next(struct customers_csv *c, struct customer_rec *rec);
const char *customers_csv_error(const struct customers_csv *c);
/* Close (accepts NULL). */
void customers_csv_close(struct customers_csv *c);
/* Check a visit-window list; 0 valid (empty is valid), -1 not. */
int customers_csv_check_windows(const char *s);

#endif
