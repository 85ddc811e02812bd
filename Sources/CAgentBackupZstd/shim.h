#ifndef AGENT_BACKUP_ZSTD_SHIM_H
#define AGENT_BACKUP_ZSTD_SHIM_H

/* The advanced parameters (ZSTD_d_windowLogMax, ZSTD_c_*) are in the stable API since 1.4.0. */
#include <zstd.h>
#include <zstd_errors.h>

#endif
