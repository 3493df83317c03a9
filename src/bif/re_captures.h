// What re:run returns for a match: the {capture, Values, Type} option read
// against a compiled pattern, and the answer built from the offsets of a
// match (bif/re_bifs.cpp runs the match).
#pragma once

#include <string_view>
#include <vector>

#include "process/process.h"
#include "re/matcher.h"

namespace girder {

// The subject as re:run matches it: its bytes, and the binary term they
// live in when slices of it may be sub-binaries (a reference-counted
// binary, as ERTS makes sub-binaries only of those).
struct ReSubject {
  const uint8_t* bytes = nullptr;
  size_t length = 0;
  Term refc_binary = THE_NON_VALUE;  // the subject, when it is one
};

struct CaptureSpec {
  enum class Type { index, list, binary, none };
  enum class Select { all, all_but_first, chosen };
  Type type = Type::index;
  Select select = Select::all;
  // Select::chosen: one entry per requested value, the groups it may
  // stand for (a name used by several groups with dupnames: the first
  // that is set wins; none: the value names no group).
  std::vector<std::vector<int>> chosen;
};

// Reads {capture, Values, Type}; false (badarg) when ERTS refuses it.
bool build_capture_spec(Term values, Term type, const re::Pattern& pattern, CaptureSpec* out);

// {match, Captured} (or match) for a successful match with rc > 0.
Term build_match_result(Process* p, const CaptureSpec& spec, const re::MatchResult& m,
                        const ReSubject& subject);

}  // namespace girder
