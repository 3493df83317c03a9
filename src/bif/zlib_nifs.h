// The zlib module's natives (bif/zlib_nifs.cpp): what the runtime must call.
#pragma once

#include "term/term.h"

namespace girder {

// Frees every zlib stream whose controlling process is `pid`; the runtime
// calls it when that process exits (a stream has no other owner that could
// ever use it again).
void zlib_controller_exited(Term pid);

}  // namespace girder
