/* ontwatchd: the daemon (filled in by the foundation work). */
#include "config.h"

#include "lib/log.h"

int main(void)
{
	log_init("ontwatchd", LOG_LVL_INFO, false);
	return 0;
}
