#ifndef LANZI_CSQLITE_SHIM_H
#define LANZI_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
