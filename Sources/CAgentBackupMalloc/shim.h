// glibc's allocator tuning (mallopt), for the executable's start-up; nothing elsewhere.
#if defined(__linux__)
#include <malloc.h>
#endif
