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
  // The entry of the -on_load function (its `on_load` instruction), or
  // nullptr. A module that has one is staged by finish_loading: its exports
  // move to it only when the function has returned ok.
  const Term* on_load_entry = nullptr;
  // What installing this version points each export at (the loader fills
  // it; BIF exports keep their native stubs).
  std::vector<std::pair<Export*, const Term*>> export_targets;
  // Bytes erlang:memory(code) counts for it, from its installation on.
  Uint mem_bytes = 0;
  Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;
  ~Module() { mem_sub(MemKind::code, int64_t(mem_bytes)); }
};

// Code index: up to three versions of each module, by name, as ERTS keeps
// them: the current one (what calls to M:F go to), the old one (the
// previous current version, still run by processes that were in it when a
// new one came, until it is purged) and one whose -on_load function has not
// finished yet. Module objects stay at stable addresses: a purged version
// loses its code but keeps its literals and fun entries, because terms in
// process heaps may still point at them (ERTS copies such literals into the
// processes before it frees them; Girder does not reclaim them yet).
//
// Every call may come from any scheduler thread. Changes to the versions
// (install, delete, purge, on_load) are made under vm_code_lock() by the
// runtime, which also points the exports.

// The current version of a module, or nullptr.
Module* module_get(Term name);
// The old version, or nullptr.
Module* module_get_old(Term name);
// The version waiting for its on_load function, or nullptr.
Module* module_get_on_load(Term name);
// Installs m as the current version of its module; the current one becomes
// old. Returns the new current version. An old version already there
// (callers purge first; lazy loading never replaces) is kept without code.
Module* module_install(std::unique_ptr<Module> m);
// Keeps m as the version waiting for its on_load function.
Module* module_stage_on_load(std::unique_ptr<Module> m);
// The on_load function of `name` ended: with keep, the staged version
// becomes current (the current one old) and is returned; without, it is
// dropped (nullptr).
Module* module_finish_on_load(Term name, bool keep);
// delete_module: the current version (if any) becomes old. False if the
// module was never loaded (ERTS keeps a module's entry once it exists).
bool module_delete(Term name);
// purge: the old version's code is freed (and the staged on_load version's
// with on_load). Returns the purged version (its fun entries now have no
// code) or nullptr if there was none.
Module* module_purge(Term name, bool on_load = false);
// Module version that contains a code address (stack traces, code
// checks), or nullptr.
Module* module_of_address(const void* addr);
// True if addr is inside m's code.
bool module_contains(const Module* m, const void* addr);
// Names of the modules with a current or an old version (erlang:loaded/0).
std::vector<Term> module_names();
// Export entries made so far, loaded or not (ERTS's export table).
Uint export_count();

}  // namespace girder
