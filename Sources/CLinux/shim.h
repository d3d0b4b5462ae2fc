// The Linux calls that Glibc's Swift module leaves out: epoll and eventfd, for LanziHTTP's
// event loops. Nothing to link: they are in libc.
#ifndef LANZI_CLINUX_SHIM_H
#define LANZI_CLINUX_SHIM_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <netinet/tcp.h>

#endif
