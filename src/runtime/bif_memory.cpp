// The system_info items that OTP's own erlang:memory/0,1 (erlang.erl)
// reads, answered from Girder's memory accounting (term/mem_stats.h)
// instead of ERTS's allocator instances. erlang.erl adds them up as
// ERTS's do:
//   total     = the blocks of every allocator listed, plus external_alloc
//   processes = eheap_alloc + fix_alloc's proc types + process_table
//   binary    = binary_alloc, ets = ets_alloc
//   atom      = atom_space + atom_table, code = loaded_code
//   system    = total - processes
// so each figure below is put in an allocator's blocks (for the total)
// and, where ERTS does, in allocated_areas (for its category).
#include <vector>

#include "bif/bif.h"
#include "process/vm_services.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/literal_region.h"
#include "term/mem_stats.h"

namespace girder {

namespace {

// The allocators erlang:memory asks about, as ERTS lists them.
constexpr Term ALLOCATORS[] = {atom::temp_alloc,   atom::sl_alloc,  atom::std_alloc,   atom::ll_alloc,
                               atom::eheap_alloc,  atom::ets_alloc, atom::fix_alloc,   atom::literal_alloc,
                               atom::binary_alloc, atom::driver_alloc};

// Long-lived VM data that ERTS keeps in ll_alloc: code, atoms, the
// process table.
Uint ll_bytes() {
  AtomMemory am = atom_memory();
  return mem_bytes(MemKind::code) + am.space + am.table + vm_process_table_bytes();
}

Uint allocator_bytes(Term a) {
  if (a == atom::eheap_alloc) return mem_bytes(MemKind::heap);
  if (a == atom::fix_alloc) return mem_bytes(MemKind::process);
  if (a == atom::binary_alloc) return mem_bytes(MemKind::binary);
  if (a == atom::ets_alloc) return mem_bytes(MemKind::ets);
  if (a == atom::literal_alloc) return literal_bytes();
  if (a == atom::ll_alloc) return ll_bytes();
  return 0;
}

Term sized(Heap& h, Uint bytes) { return make_tuple(h, {atom::size, make_integer(h, Sint(bytes))}); }

// {Alloc, 1, [{fix_types, ...}, {mbcs, [{blocks, [{Alloc, [{size, Bytes}]}]}]}]}
Term allocator_info(Heap& h, Term a) {
  Term blocks = make_cons(h, make_tuple(h, {a, make_cons(h, sized(h, allocator_bytes(a)), NIL)}), NIL);
  Term mbcs = make_tuple(h, {atom::mbcs, make_cons(h, make_tuple(h, {atom::blocks, blocks}), NIL)});
  Term info = make_cons(h, mbcs, NIL);
  if (a == atom::fix_alloc) {
    Term n = make_integer(h, Sint(mem_bytes(MemKind::process)));
    Term types = make_cons(h, make_tuple(h, {atom::proc, n, n}), NIL);
    info = make_cons(h, make_tuple(h, {atom::fix_types, types}), info);
  }
  return make_tuple(h, {a, make_small(1), info});
}

bool is_allocator(Term a) {
  for (Term x : ALLOCATORS)
    if (x == a) return true;
  return false;
}

}  // namespace

std::vector<AllocatedArea> vm_allocated_areas() {
  AtomMemory am = atom_memory();
  return {{atom::atom_space, am.space, am.used, true},
          {atom::atom_table, am.table, 0, false},
          {atom::loaded_code, mem_bytes(MemKind::code), 0, false},
          {atom::process_table, vm_process_table_bytes(), 0, false}};
}

// erlang.erl's arithmetic over the allocators and areas above (the header
// says which figure goes where).
MemorySummary vm_memory_summary() {
  MemorySummary m;
  for (Term a : ALLOCATORS) m.total += allocator_bytes(a);
  AtomMemory am = atom_memory();
  m.processes = allocator_bytes(atom::eheap_alloc) + allocator_bytes(atom::fix_alloc) + vm_process_table_bytes();
  m.processes_used = m.processes;
  m.system = m.total - m.processes;
  m.atom = am.space + am.table;
  m.atom_used = am.used + am.table;
  m.binary = allocator_bytes(atom::binary_alloc);
  m.code = mem_bytes(MemKind::code);
  m.ets = allocator_bytes(atom::ets_alloc);
  return m;
}

// A memory item of erlang:system_info/1, or THE_NON_VALUE if k is none.
Term system_info_memory(Process* p, Term k) {
  Heap& h = p->heap;
  if (k == atom::alloc_util_allocators) return make_list_from(h, ALLOCATORS, std::size(ALLOCATORS));
  if (k == atom::allocated_areas) {
    std::vector<Term> items;
    for (const AllocatedArea& a : vm_allocated_areas()) {
      Term size = make_integer(h, Sint(a.size));
      items.push_back(a.has_used ? make_tuple(h, {a.name, size, make_integer(h, Sint(a.used))})
                                 : make_tuple(h, {a.name, size}));
    }
    return make_list_from(h, items.data(), items.size());
  }
  // {memory_internal, Ref, Allocs}: the answer comes as one message
  // {Ref, 1, [Info]} (erts_internal:no_aux_work_threads() - 1 of them)
  if (is_tuple(k) && tuple_arity(k) == 3 && tuple_elem(k, 1) == atom::memory_internal) {
    Term ref = tuple_elem(k, 2);
    Term list = tuple_elem(k, 3);
    if (!is_ref(ref)) return THE_NON_VALUE;
    std::vector<Term> infos;
    for (Term l = list; l != NIL; l = cdr(l)) {
      if (!is_list(l) || !is_allocator(car(l))) return THE_NON_VALUE;
      infos.push_back(allocator_info(h, car(l)));
    }
    Term msg = make_tuple(h, {ref, make_small(1), make_list_from(h, infos.data(), infos.size())});
    vm_send(p, p->id, msg);
    return atom::am_true;
  }
  return THE_NON_VALUE;
}

// One thread answers memory_internal (see above).
Term erts_internal_no_aux_work_threads_0(Process* p, Term* a) { return make_small(2); }

}  // namespace girder
