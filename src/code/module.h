// A loaded module as the code index sees it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "term/code_refs.h"
#include "term/heap.h"

namespace girder {

struct LineInfo;  // loader/line_table.h

// One loaded version of a module. The loader fills it; the code index owns it.
struct Module {
  Term name = THE_NON_VALUE;
  std::string file;            // path it was loaded from
  uint8_t md5[16] = {};
  std::vector<Term> code;      // threaded code (handler addresses + operands)
  std::unique_ptr<Heap> literals;  // literal area (Heap in the literal region)
  std::vector<std::unique_ptr<FunEntry>> funs;
  Term attributes = NIL;       // module_info(attributes)
  Term compile_info = NIL;     // module_info(compile)
  Term exports_list = NIL;     // [{F,A}] for module_info(exports)
  Term functions_list = NIL;   // [{F,A}] for module_info(functions)
  // Function starts: (code offset, name, arity), sorted by offset; used to
  // find the function of a code address for stack traces.
  struct FuncInfo {
    Uint offset;
    Term name;
    Uint arity;
  };
  std::vector<FuncInfo> functions;
  // Line info: for a code offset, the (file, line) of the nearest preceding
  // line instruction. Sorted by offset.
  struct LineRef {
    Uint offset;
    uint32_t file_index;
    uint32_t line;
  };
  std::vector<LineRef> lines;
  std::vector<Term> line_files;  // file names as strings (lists) or atoms
  std::vector<uint8_t> strings;  // StrT (bs_match_string operands point here)
  std::vector<Export*> exports;  // entries this module defines
  Term on_load = THE_NON_VALUE;
  // Bytes erlang:memory(code) counts for it, from its installation on.
  Uint mem_bytes = 0;
  Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;
  ~Module() { mem_sub(MemKind::code, int64_t(mem_bytes)); }
};

// Code index: current version of each module, by name.
Module* module_get(Term name);
// Installs m as the current version of its module; returns the previous
// current version (now old) or nullptr.
Module* module_install(std::unique_ptr<Module> m);
// Module that contains a code address (for stack traces), or nullptr.
Module* module_of_address(const void* addr);
// All currently loaded module names.
std::vector<Term> module_names();

}  // namespace girder
