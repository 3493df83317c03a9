// Code loading as ERTS 25 does it (erlang.erl's load_module/2 and OTP's
// code server stand on these): a .beam image is prepared into a Module
// outside the code index (erts_internal:prepare_loading/2), then made
// current by erlang:finish_loading/1, atomically for a list of modules.
// The version it replaces becomes old; old code is run by the processes
// that were in it until erts_code_purger (OTP's own, preloaded) purges it:
// erts_internal:purge_module/2 steps, and each process answers whether it
// still runs the old code (check_process_code as a system task). A module
// with an -on_load function is staged instead of made current, and only
// erlang:finish_after_on_load/2 decides.
#include <cstring>
#include <memory>
#include <new>
#include <mutex>
#include <unordered_map>

#include "bif/bif.h"
#include "beam/beam_file.h"
#include "bif/binary_util.h"
#include "code/module.h"
#include "loader/loader.h"
#include "process/signal.h"
#include "process/vm_services.h"
#include "runtime/vm.h"
#include "term/resource.h"

namespace girder {

namespace {

// Prepared code waiting for finish_loading: a NIF resource (ERTS hands out
// a magic reference), so code that is prepared and dropped is freed with
// its last reference. finish_loading takes the module out; the reference
// then names nothing (badarg, as ERTS answers for loaded code).
struct Prepared {
  Module* module;  // owned; nullptr once loaded (changed under the code lock)
};

void destroy_prepared(void* obj) {
  auto* pc = static_cast<Prepared*>(obj);
  delete pc->module;
  pc->~Prepared();
}
const ResourceType PREPARED_CODE = {"prepared_code", destroy_prepared, nullptr};

// The prepared module of a reference, or nullptr (not prepared code, or
// loaded already). Only under the code lock, which finish_loading holds.
Module* prepared_module(Term ref) {
  auto* pc = static_cast<Prepared*>(resource_get(ref, &PREPARED_CODE));
  return pc ? pc->module : nullptr;
}

}  // namespace

// Loading costs about one reduction per this many bytes of .beam.
constexpr size_t BYTES_PER_REDUCTION = 32;

Term erts_internal_prepare_loading_2(Process* p, Term* a) {
  if (!is_atom(a[0])) return bif_badarg(p);
  if (!is_binary(a[1])) return bif_badarg(p);
  ByteSpan bytes(a[1]);
  std::string err;
  std::unique_ptr<Module> m = prepare_module_image(bytes.data(), bytes.size(), "", err);
  if (m && m->name != a[0]) {
    err = "module name in object code is " + std::string(atom_name(m->name));
    m.reset();
  }
  if (!m) {
    vm_log_error(p, "Error loading module " + std::string(atom_name(a[0])) + ":\n  " + err + "\n");
    return make_tuple(p->heap, {atom::error, atom::badfile});
  }
  // the work counts: a process preparing module after module (the boot's
  // 32 loaders in erl_prim_loader) fills its scheduler's queue with work,
  // and a sleeping scheduler comes to take its share
  p->sched->bif_reds += int(std::min<size_t>(bytes.size() / BYTES_PER_REDUCTION, CONTEXT_REDS));
  auto* pc = static_cast<Prepared*>(resource_alloc(&PREPARED_CODE, sizeof(Prepared)));
  new (pc) Prepared;
  pc->module = m.release();
  Term ref = resource_make_term(p->heap, pc);
  resource_release(pc);
  return ref;
}

// beamfile_chunk(Beam, [A, B, C, D]) -> the first chunk with that id, or
// undefined (erl_features reads the Meta chunk before loading)
Term erts_internal_beamfile_chunk_2(Process* p, Term* a) {
  char id[4];
  Term l = a[1];
  for (int i = 0; i < 4; i++, l = cdr(l)) {
    if (!is_list(l) || !is_small(car(l)) || small_value(car(l)) < 0 || small_value(car(l)) > 255)
      return bif_badarg(p);
    id[i] = char(small_value(car(l)));
  }
  if (l != NIL || !is_binary(a[0])) return bif_badarg(p);
  ByteSpan bytes(a[0]);
  Uint offset, len;
  if (!beam::find_chunk(bytes.data(), bytes.size(), id, &offset, &len) || len == 0) return atom::undefined;
  return make_sub_bitstring(p->heap, a[0], offset * 8, len * 8);
}

Term erts_internal_beamfile_module_md5_1(Process* p, Term* a) {
  if (!is_binary(a[0])) return bif_badarg(p);
  ByteSpan bytes(a[0]);
  uint8_t md5[16];
  if (!beam::beam_module_md5(bytes.data(), bytes.size(), md5)) return atom::undefined;
  return new_binary(p->heap, md5, 16);
}

Term erlang_has_prepared_code_on_load_1(Process* p, Term* a) {
  auto code_lock = vm_code_lock();
  Module* m = prepared_module(a[0]);
  if (!m) return bif_badarg(p);
  return m->on_load_entry ? atom::am_true : atom::am_false;
}

namespace {
// {Tag, [Module]} for the modules flagged in `which`.
Term exception_list(Heap& h, Term tag, const std::vector<Module*>& mods, const std::vector<bool>& which) {
  Term list = NIL;
  for (size_t i = mods.size(); i-- > 0;)
    if (which[i]) list = make_cons(h, mods[i]->name, list);
  return make_tuple(h, {tag, list});
}
}  // namespace

Term erlang_finish_loading_1(Process* p, Term* a) {
  auto code_lock = vm_code_lock();
  std::vector<Term> refs;
  std::vector<Module*> mods;
  Term l = a[0];
  for (; is_list(l); l = cdr(l)) {
    Module* m = prepared_module(car(l));
    if (!m) return bif_badarg(p);
    refs.push_back(car(l));
    mods.push_back(m);
  }
  if (l != NIL) return bif_badarg(p);
  // modules with -on_load cannot be loaded atomically with others
  if (mods.size() > 1)
    for (Module* m : mods)
      if (m->on_load_entry) {
        a[0] = NIL;  // ERTS has walked its argument to the end by then
        return bif_system_limit(p);
      }
  size_t n = mods.size();
  std::vector<bool> flagged(n, false);
  bool any = false;
  // the later ones of the same module, as ERTS flags them
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++)
      if (mods[j]->name == mods[i]->name) flagged[i] = any = true;
  if (any) return exception_list(p->heap, atom::duplicated, mods, flagged);
  for (size_t i = 0; i < n; i++)
    if (module_get(mods[i]->name) && module_get_old(mods[i]->name)) flagged[i] = any = true;
  if (any) return exception_list(p->heap, atom::not_purged, mods, flagged);
  for (size_t i = 0; i < n; i++) {
    auto* pc = static_cast<Prepared*>(resource_get(refs[i], &PREPARED_CODE));
    std::unique_ptr<Module> m(pc->module);
    pc->module = nullptr;
    if (getenv("GIRDER_DBG")) fprintf(stderr, "finish %s\n", std::string(atom_name(m->name)).c_str());
    if (m->on_load_entry) {
      module_stage_on_load(std::move(m));
      flagged[i] = any = true;
    } else {
      install_module(std::move(m));
    }
  }
  if (any) return exception_list(p->heap, atom::on_load, mods, flagged);
  return atom::ok;
}

Term erlang_call_on_load_function_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return bif_badarg(p);
  Module* m = module_get_on_load(a[0]);
  if (!m || !m->on_load_entry) return bif_badarg(p);
  // a call of the staged version's on_load body, as if through an export
  // that only this call knows
  static std::mutex lock;
  static std::unordered_map<const Term*, std::unique_ptr<Export>> entries;
  Export* ep;
  {
    std::lock_guard<std::mutex> g(lock);
    auto& slot = entries[m->on_load_entry];
    if (!slot) {
      slot = std::make_unique<Export>();
      slot->module = m->name;
      slot->function = atom::on_load;
      slot->arity = 0;
      slot->address.store(m->on_load_entry);
    }
    ep = slot.get();
  }
  return bif_trap(p, ep, {});
}

Term erlang_finish_after_on_load_2(Process* p, Term* a) {
  if (a[1] != atom::am_true && a[1] != atom::am_false) return bif_badarg(p);
  if (!is_atom(a[0])) return bif_badarg(p);
  auto code_lock = vm_code_lock();
  Module* staged = module_get_on_load(a[0]);
  if (!staged || !staged->on_load_entry) return bif_badarg(p);
  if (a[1] == atom::am_true) {
    Module* m = module_finish_on_load(a[0], true);
    point_exports(m);
  } else {
    // stays staged until erts_code_purger purges it (prepare_on_load)
  }
  return atom::am_true;
}

Term erlang_check_old_code_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return bif_badarg(p);
  return module_get_old(a[0]) ? atom::am_true : atom::am_false;
}

Term erlang_delete_module_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return bif_badarg(p);
  auto code_lock = vm_code_lock();
  Module* m = module_get(a[0]);
  if (module_get_old(a[0])) {
    vm_log_error(p, "Module " + std::string(atom_name(a[0])) + " must be purged before deleting\n");
    return bif_badarg(p);
  }
  // its exports go back to their trampolines: calls to the module now go
  // to the error handler (or load it again)
  if (m)
    for (Export* ep : m->exports)
      if (!ep->bif) ep->address.store(ep->trampoline);
  return module_delete(a[0]) ? atom::am_true : atom::undefined;
}

namespace {
// The module erts_internal:purge_module(M, prepare | prepare_on_load) set
// aside for `complete` (ERTS keeps one purge at a time; erts_code_purger
// is the only caller).
Term purge_pending = THE_NON_VALUE;
bool purge_on_load = false;
}  // namespace

Term erts_internal_purge_module_2(Process* p, Term* a) {
  Term mod = a[0], op = a[1];
  if (!is_atom(mod) || !is_atom(op)) return bif_badarg(p);
  auto code_lock = vm_code_lock();
  if (op == atom::prepare || op == atom::prepare_on_load) {
    bool on_load = op == atom::prepare_on_load;
    Module* m = on_load ? module_get_on_load(mod) : module_get_old(mod);
    if (!m) return atom::am_false;
    purge_pending = mod;
    purge_on_load = on_load;
    return atom::am_true;
  }
  if (op == atom::abort) {
    if (purge_pending != mod) return bif_badarg(p);
    purge_pending = THE_NON_VALUE;
    return atom::am_false;
  }
  if (op == atom::complete) {
    if (purge_pending != mod) return bif_badarg(p);
    purge_pending = THE_NON_VALUE;
    module_purge(mod, purge_on_load);
    return atom::am_true;
  }
  return bif_badarg(p);
}

// True if q (running, or handling its signals) runs code of the old
// version of `mod`: its next instruction, its continuation or a return
// address on its stack is in that code.
bool process_runs_old_code(Process* q, Term mod) {
  Module* old = module_get_old(mod);
  if (!old) return false;
  if (q->i && module_contains(old, q->i)) return true;
  if (q->cp && module_contains(old, q->cp)) return true;
  for (Term* sp = q->heap.limit; sp < q->heap.end; sp++) {
    Term w = *sp;
    // return addresses are the only words on the stack with the header tag
    if ((w & 3) == 0 && w != 0 && module_contains(old, reinterpret_cast<const void*>(w))) return true;
  }
  return false;
}

Term erts_internal_check_process_code_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return bif_badarg(p);
  // the caller is in this BIF: its code is where its continuation is
  return process_runs_old_code(p, a[0]) ? atom::am_true : atom::am_false;
}

namespace {

// A system task, run by the target as it handles its signals (or for it
// at once when it is gone): {Tag, ReqId, Result} to the requester.
void system_task(Process* q, Message* req) {
  Heap& h = vm_rpc_heap(req);
  Term r = req->term;  // {Kind, ReqId, Arg}
  Term kind = tuple_elem(r, 1), req_id = tuple_elem(r, 2), arg = tuple_elem(r, 3);
  Term result = atom::am_false;
  if (kind == atom::check_process_code) {
    if (q) result = process_runs_old_code(q, arg) ? atom::am_true : atom::am_false;
  } else if (kind == atom::garbage_collect) {
    if (q) {
      q->major_gc_requested = true;
      result = atom::am_true;
    }
  } else if (kind == atom::copy_literals) {
    // literals of purged code are never freed (code/module.h), so there is
    // nothing to copy
    result = atom::ok;
  }
  vm_rpc_reply_message(req, make_tuple(h, {kind, req_id, result}));
}

Term request_system_task(Process* p, Term requester, Term pid, Term prio, Term request) {
  if (!is_local_pid(pid) || !is_local_pid(requester)) return bif_badarg(p);
  if (prio != atom::max && prio != atom::high && prio != atom::normal && prio != atom::low &&
      prio != atom::inherit)
    return bif_badarg(p);
  if (!is_tuple(request) || tuple_arity(request) < 2) return bif_badarg(p);
  Term kind = tuple_elem(request, 1);
  bool known = kind == atom::check_process_code || kind == atom::garbage_collect || kind == atom::copy_literals;
  if (!known || tuple_arity(request) != 3) return bif_badarg(p);
  if (kind == atom::check_process_code && !is_atom(tuple_elem(request, 3))) return bif_badarg(p);
  Term req = make_tuple(p->heap, {kind, tuple_elem(request, 2), tuple_elem(request, 3)});
  Message* s = vm_make_signal(SigKind::rpc, requester, req);
  s->rpc = system_task;
  vm_post(pid, s);  // a process that is gone: system_task answers for it
  return atom::ok;
}

}  // namespace

Term erts_internal_request_system_task_3(Process* p, Term* a) {
  return request_system_task(p, p->id, a[0], a[1], a[2]);
}

Term erts_internal_request_system_task_4(Process* p, Term* a) {
  return request_system_task(p, a[0], a[1], a[2], a[3]);
}

}  // namespace girder
