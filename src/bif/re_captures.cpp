// re:run's capture option and answer (re_captures.h), as ERTS 25 builds
// them: offsets as {Start, Length}, an unset group as {-1, 0}, <<>> or [];
// "all" lists the groups up to the last one that is set.
#include "bif/re_captures.h"

#include <climits>
#include <string>

#include "bif/iolist.h"
#include "term/atom_table.h"
#include "term/binary.h"

namespace girder {

namespace {

// The groups a name stands for.
std::vector<int> groups_named(const re::Pattern& pattern, std::string_view name) {
  std::vector<int> groups;
  for (const re::Pattern::Name& n : pattern.names())
    if (n.name == name) groups.push_back(int(n.group));
  return groups;
}

// A requested value: a group number, or a name (atom, binary or string).
bool chosen_groups(Term v, const re::Pattern& pattern, std::vector<int>* out) {
  if (is_small(v)) {
    Sint n = small_value(v);
    if (n < 0 || n > INT_MAX) return false;
    out->push_back(int(n));
    return true;
  }
  std::string name;
  if (is_atom(v)) {
    name = atom_name(v);
  } else if (is_bitstring(v) || is_list(v)) {
    Uint size;
    if (!iolist_size(v, &size)) return false;
    name.resize(size);
    iolist_copy(v, reinterpret_cast<uint8_t*>(name.data()));
  } else {
    return false;
  }
  // ERTS looks the name up as a C string
  size_t nul = name.find('\0');
  if (nul != std::string::npos) name.resize(nul);
  *out = groups_named(pattern, name);
  return true;
}

bool is_set(const re::MatchResult& m, int group) {
  size_t i = 2 * size_t(group);
  return i < m.ovector.size() && m.ovector[i] != re::UNSET_OFFSET;
}

// The group a chosen value stands for in this match, or -1.
int pick(const std::vector<int>& groups, const re::MatchResult& m) {
  if (groups.size() == 1) return groups[0] < m.rc ? groups[0] : -1;
  for (int g : groups)
    if (is_set(m, g)) return g < m.rc ? g : -1;
  return -1;
}

Term slice(Process* p, CaptureSpec::Type type, const ReSubject& s, size_t start, size_t len) {
  if (type == CaptureSpec::Type::list) return make_byte_list(p->heap, s.bytes + start, len);
  if (is_value(s.refc_binary))
    return make_sub_bitstring(p->heap, s.refc_binary, start * 8, len * 8);
  return new_binary(p->heap, s.bytes + start, len);
}

// One captured group (group -1: a value that stands for no group here).
Term captured(Process* p, CaptureSpec::Type type, const re::MatchResult& m, const ReSubject& s,
              int group) {
  bool set = group >= 0 && is_set(m, group);
  if (type == CaptureSpec::Type::index) {
    if (!set) return make_tuple(p->heap, {make_small(-1), make_small(0)});
    size_t start = m.ovector[2 * group], end = m.ovector[2 * group + 1];
    // \K in a lookahead can end a match before its start: ERTS says so too
    return make_tuple(p->heap, {make_small(Sint(start)), make_small(Sint(end) - Sint(start))});
  }
  if (!set) return slice(p, type, s, 0, 0);
  size_t start = m.ovector[2 * group], end = m.ovector[2 * group + 1];
  return slice(p, type, s, start, end > start ? end - start : 0);
}

}  // namespace

bool build_capture_spec(Term values, Term type, const re::Pattern& pattern, CaptureSpec* out) {
  if (type == atom::index) {
    out->type = CaptureSpec::Type::index;
  } else if (type == atom::list) {
    out->type = CaptureSpec::Type::list;
  } else if (type == atom::binary) {
    out->type = CaptureSpec::Type::binary;
  } else {
    return false;
  }
  out->chosen.clear();
  if (values == atom::all) {
    out->select = CaptureSpec::Select::all;
  } else if (values == atom::none || is_nil(values)) {
    out->type = CaptureSpec::Type::none;
  } else if (values == atom::all_but_first) {
    out->select = CaptureSpec::Select::all_but_first;
  } else if (values == atom::first) {
    out->select = CaptureSpec::Select::chosen;
    out->chosen.push_back({0});
  } else if (values == atom::all_names) {
    out->select = CaptureSpec::Select::chosen;
    const auto& names = pattern.names();
    if (names.empty()) out->type = CaptureSpec::Type::none;
    for (size_t i = 0; i < names.size(); i++) {
      if (i > 0 && names[i].name == names[i - 1].name) continue;
      out->chosen.push_back(groups_named(pattern, names[i].name));
    }
  } else if (is_list(values)) {
    out->select = CaptureSpec::Select::chosen;
    Term l = values;
    for (; is_list(l); l = cdr(l)) {
      std::vector<int> groups;
      if (!chosen_groups(car(l), pattern, &groups)) return false;
      out->chosen.push_back(std::move(groups));
    }
    if (!is_nil(l)) return false;
  } else {
    return false;
  }
  return true;
}

Term build_match_result(Process* p, const CaptureSpec& spec, const re::MatchResult& m,
                        const ReSubject& subject) {
  if (spec.type == CaptureSpec::Type::none) return atom::match;
  std::vector<Term> items;
  if (spec.select == CaptureSpec::Select::chosen) {
    for (const std::vector<int>& groups : spec.chosen)
      items.push_back(captured(p, spec.type, m, subject, groups.empty() ? -1 : pick(groups, m)));
  } else {
    int from = spec.select == CaptureSpec::Select::all_but_first ? 1 : 0;
    for (int g = from; g < m.rc; g++) items.push_back(captured(p, spec.type, m, subject, g));
  }
  Term list = make_list_from(p->heap, items.data(), items.size());
  return make_tuple(p->heap, {atom::match, list});
}

}  // namespace girder
