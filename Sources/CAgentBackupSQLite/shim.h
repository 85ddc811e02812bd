#ifndef AGENT_BACKUP_SQLITE_SHIM_H
#define AGENT_BACKUP_SQLITE_SHIM_H

#include <sqlite3.h>

/// SQLITE_TRANSIENT and SQLITE_STATIC are macros casting integers to function pointers;
/// Swift cannot import them, so they are exposed as functions.
static inline sqlite3_destructor_type agent_backup_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type agent_backup_sqlite_static(void) { return SQLITE_STATIC; }

#endif
