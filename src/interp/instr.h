// Instruction identifiers (from instrs.def) and their threaded-code words.
#pragma once

#include <cstdint>

#include "term/term.h"

namespace girder {

enum InstrId : uint16_t {
#define INSTR(name, kinds, doc) I_##name,
#include "interp/instrs.def"
#undef INSTR
  I_COUNT
};

struct InstrInfo {
  const char* name;
  const char* kinds;
};
const InstrInfo& instr_info(InstrId id);

// The word that starts an instruction in threaded code: the handler's
// address (computed goto) or the id itself (switch dispatch build).
Term instr_word(InstrId id);
// Inverse of instr_word (for disassembly and stack walking); I_COUNT if the
// word starts no instruction.
InstrId instr_of_word(Term w);

}  // namespace girder
