// erlang:universaltime_to_localtime/1, localtime_to_universaltime/2,
// universaltime_to_posixtime/1 and posixtime_to_universaltime/1, which
// prim_file.erl converts file times with, as ERTS computes them
// (erl_time_sup.c): dates are checked the same way (years from 1600 for
// POSIX time, from 1902 where the C library converts to or from local
// time), and POSIX seconds become a date with ERTS's arithmetic, which
// also answers for years before 1600 (-62167219200 is {{-1,12,31},...}).
#include <climits>
#include <ctime>

#include "bif/bif.h"
#include "bif/binary_util.h"

namespace girder {

namespace {

constexpr Sint SECONDS_PER_DAY = 86400;
// The earliest year the C library converts from and to local time.
constexpr Sint LOCAL_BASE_YEAR = 1902;
constexpr int MONTH_DAYS[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

bool leap(Sint y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

struct DateTime {
  Sint year, month, day, hour, minute, second;
};

// {{Y, M, D}, {H, Mi, S}} of small integers (ERTS's time_to_parts).
bool parse(Term t, DateTime* d) {
  if (!is_tuple(t) || tuple_arity(t) != 2) return false;
  Term date = tuple_elem(t, 1), time = tuple_elem(t, 2);
  if (!is_tuple(date) || tuple_arity(date) != 3 || !is_tuple(time) || tuple_arity(time) != 3)
    return false;
  Sint* fields[] = {&d->year, &d->month, &d->day, &d->hour, &d->minute, &d->second};
  for (int i = 0; i < 6; i++) {
    Term v = tuple_elem(i < 3 ? date : time, Uint(i % 3 + 1));
    if (!is_small(v)) return false;
    *fields[i] = small_value(v);
  }
  return true;
}

// A real date and time from `min_year` on.
bool valid(const DateTime& d, Sint min_year) {
  if (d.year < min_year || d.year > INT_MAX - 1 || d.month < 1 || d.month > 12) return false;
  int mdays = MONTH_DAYS[d.month] + (d.month == 2 && leap(d.year) ? 1 : 0);
  return d.day >= 1 && d.day <= mdays && d.hour >= 0 && d.hour <= 23 && d.minute >= 0 &&
         d.minute <= 59 && d.second >= 0 && d.second <= 59;
}

// Days from 1970-01-01 to a date from 1600 on.
Sint days_since_epoch(Sint year, Sint month, Sint day) {
  Sint days = 0;
  Sint after_1600 = year - 1600;
  if (after_1600 > 0) {
    Sint full = after_1600 - 1;  // whole years after 1600, which is a leap year
    days = full / 4 - full / 100 + full / 400 + full * 365 + 366;
  }
  for (Sint m = 1; m < month; m++) days += MONTH_DAYS[m];
  if (leap(year) && month > 2) days++;
  days += day - 1;
  return days - 135140;  // 1600-01-01 to 1970-01-01
}

Sint to_seconds(const DateTime& d) {
  return days_since_epoch(d.year, d.month, d.day) * SECONDS_PER_DAY + d.hour * 3600 +
         d.minute * 60 + d.second;
}

// ERTS's seconds_to_univ: a March-based year, days from 0000-03-01.
DateTime from_seconds(Sint t) {
  DateTime d;
  Sint days = t / SECONDS_PER_DAY;
  Sint secs = t % SECONDS_PER_DAY;
  if (secs < 0) {
    days--;
    secs += SECONDS_PER_DAY;
  }
  d.hour = secs / 3600;
  d.minute = secs % 3600 / 60;
  d.second = secs % 60;
  days += 719468;
  Sint y = (10000 * days + 14780) / 3652425;
  Sint in_year = days - (365 * y + y / 4 - y / 100 + y / 400);
  if (in_year < 0) {
    y--;
    in_year = days - (365 * y + y / 4 - y / 100 + y / 400);
  }
  Sint m = (100 * in_year + 52) / 3060;
  d.month = (m + 2) % 12 + 1;
  d.year = y + (m + 2) / 12;
  d.day = in_year - (m * 306 + 5) / 10 + 1;
  return d;
}

DateTime from_tm(const std::tm& tm) {
  return {Sint(tm.tm_year) + 1900, Sint(tm.tm_mon) + 1, Sint(tm.tm_mday),
          Sint(tm.tm_hour),        Sint(tm.tm_min),     Sint(tm.tm_sec)};
}

Term datetime_term(Heap& h, const DateTime& d) {
  Term date = make_tuple(h, {make_integer(h, d.year), make_small(d.month), make_small(d.day)});
  Term time = make_tuple(h, {make_small(d.hour), make_small(d.minute), make_small(d.second)});
  return make_tuple(h, {date, time});
}

// mktime as ERTS uses it: -1 may also be the time one second before the
// epoch, which one more call tells apart.
bool make_time(std::tm* tm, std::time_t* out) {
  std::time_t t = std::mktime(tm);
  if (t != -1) {
    *out = t;
    return true;
  }
  tm->tm_sec -= 1;
  t = std::mktime(tm);
  tm->tm_sec += 1;
  *out = -1;
  return t == -2;
}

}  // namespace

Term erlang_posixtime_to_universaltime_1(Process* p, Term* a) {
  Sint t;
  if (!term_to_sint(a[0], &t)) return bif_badarg(p);
  return datetime_term(p->heap, from_seconds(t));
}

Term erlang_universaltime_to_posixtime_1(Process* p, Term* a) {
  DateTime d;
  if (!parse(a[0], &d) || !valid(d, 1600)) return bif_badarg(p);
  return make_integer(p->heap, to_seconds(d));
}

Term erlang_universaltime_to_localtime_1(Process* p, Term* a) {
  DateTime d;
  if (!parse(a[0], &d) || !valid(d, LOCAL_BASE_YEAR)) return bif_badarg(p);
  std::time_t t = std::time_t(to_seconds(d));
  std::tm tm;
  if (!localtime_r(&t, &tm)) return bif_badarg(p);
  return datetime_term(p->heap, from_tm(tm));
}

// localtime_to_universaltime(Local, IsDst): IsDst true, false or undefined
// (let the C library decide); true in a zone without DST counts as false.
Term erlang_localtime_to_universaltime_2(Process* p, Term* a) {
  DateTime d;
  int isdst;
  if (a[1] == atom::am_true) {
    isdst = 1;
  } else if (a[1] == atom::am_false) {
    isdst = 0;
  } else if (a[1] == atom::undefined) {
    isdst = -1;
  } else {
    return bif_badarg(p);
  }
  if (!parse(a[0], &d) || !valid(d, LOCAL_BASE_YEAR)) return bif_badarg(p);
  std::tm tm{};
  tm.tm_year = int(d.year - 1900);
  tm.tm_mon = int(d.month - 1);
  tm.tm_mday = int(d.day);
  tm.tm_hour = int(d.hour);
  tm.tm_min = int(d.minute);
  tm.tm_sec = int(d.second);
  tm.tm_isdst = isdst;
  std::time_t t;
  if (!make_time(&tm, &t)) {
    if (!isdst) return bif_badarg(p);
    tm.tm_isdst = 0;
    if (!make_time(&tm, &t)) return bif_badarg(p);
  }
  std::tm utc;
  if (!gmtime_r(&t, &utc)) return bif_badarg(p);
  return datetime_term(p->heap, from_tm(utc));
}

}  // namespace girder
