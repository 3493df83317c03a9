// File names as prim_file passes them to its natives (bif/file_names.cpp):
// the "native" encoding of names, and the checks every path argument gets.
#pragma once

#include <string>

#include "term/term.h"

namespace girder {

// True when file names are UTF-8 (file:native_name_encoding() = utf8): as
// ERTS without +fn flags, when the locale's character set is UTF-8.
bool native_names_utf8();

// A path argument of a prim_file NIF as ERTS's efile_marshal_path takes it:
// a binary (prim_file:internal_name2native/1's output) that ends in NUL
// bytes and has none before them. Fills *path with the bytes before the
// first NUL; false (the NIF answers {error, einval}) for anything else.
bool marshal_path(Term t, std::string* path);

}  // namespace girder
