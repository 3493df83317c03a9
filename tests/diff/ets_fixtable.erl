%% safe_fixtable: a fixed hash table keeps deleted keys usable as
%% iterators and moves nothing, info reports the fixations, and a fixing
%% process's death releases them. Also first/next over a table that is
%% emptied while walked, and slot/2 on a hash table.
-module(ets_fixtable).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    [walk_and_delete(Type) || Type <- [set, bag, duplicate_bag]],
    T = ets:new(t, [set, public]),
    ets:insert(T, [{K} || K <- lists:seq(1, 50)]),
    show([ets:info(T, I) || I <- [fixed, safe_fixed, safe_fixed_monotonic_time]]),
    ets:safe_fixtable(T, true),
    ets:safe_fixtable(T, true),
    Self = self(),
    Other = spawn(fun() -> ets:safe_fixtable(T, true), Self ! fixed, receive die -> ok end end),
    receive fixed -> ok end,
    {_, Fixers} = ets:info(T, safe_fixed),
    show({ets:info(T, fixed), lists:sort([{P =:= self(), N} || {P, N} <- Fixers])}),
    {Time, _} = ets:info(T, safe_fixed_monotonic_time),
    show(is_integer(Time)),
    {{Mega, Sec, Micro}, _} = ets:info(T, safe_fixed),
    show(is_integer(Mega) andalso is_integer(Sec) andalso is_integer(Micro)),
    M = monitor(process, Other),
    Other ! die,
    receive {'DOWN', M, process, Other, _} -> ok end,
    {_, Fixers2} = ets:info(T, safe_fixed),
    show([{P =:= self(), N} || {P, N} <- Fixers2]),
    ets:safe_fixtable(T, false),
    show([{P =:= self(), N} || {P, N} <- element(2, ets:info(T, safe_fixed))]),
    ets:safe_fixtable(T, false),
    show([ets:info(T, I) || I <- [fixed, safe_fixed]]),
    ets:safe_fixtable(T, false),  % unfixing an unfixed table does nothing
    show(ets:info(T, fixed)),
    err(fun() -> ets:safe_fixtable(T, maybe) end),
    %% a private table of another process cannot be fixed
    P = spawn(fun() -> Tab = ets:new(p, [private]), Self ! {tab, Tab}, receive die -> ok end end),
    PT = receive {tab, X} -> X end,
    err(fun() -> ets:safe_fixtable(PT, true) end),
    P ! die,
    %% slot/2 on a hash table: buckets, then '$end_of_table', then badarg
    S = ets:new(s, [set]),
    ets:insert(S, [{K} || K <- lists:seq(1, 40)]),
    Slots = slots(S, 0),
    show({length(Slots), lists:sort(lists:append(Slots)) =:= [{K} || K <- lists:seq(1, 40)]}),
    err(fun() -> ets:slot(S, length(Slots) + 1) end),
    err(fun() -> ets:slot(S, a) end),
    %% ets:next on a key that was never there
    err(fun() -> ets:next(S, nokey) end),
    err(fun() -> ets:prev(S, nokey) end),
    show(ets:next(S, ets:last(S)) =/= x),
    ok.

%% deleting every key just returned, the walk still sees every key once
walk_and_delete(Type) ->
    T = ets:new(w, [Type, public]),
    ets:insert(T, [{K, V} || K <- lists:seq(1, 300), V <- [a, b]]),
    ets:safe_fixtable(T, true),
    Seen = walk(T, ets:first(T)),
    ets:safe_fixtable(T, false),
    show({Type, length(Seen), lists:sort(Seen) =:= lists:seq(1, 300), ets:info(T, size)}),
    %% inserting while walking a fixed table: no key is seen twice
    ets:insert(T, [{K, a} || K <- lists:seq(1, 300)]),
    ets:safe_fixtable(T, true),
    Seen2 = walk_insert(T, ets:first(T), 1000),
    ets:safe_fixtable(T, false),
    show({Type, length(Seen2) =:= length(lists:usort(Seen2)), ets:info(T, size) =:= 300 + length(Seen2)}).

walk(_T, '$end_of_table') -> [];
walk(T, K) ->
    ets:delete(T, K),
    [K | walk(T, ets:next(T, K))].

walk_insert(_T, '$end_of_table', _) -> [];
walk_insert(T, K, N) ->
    ets:insert(T, {N, a}),
    [K | walk_insert(T, ets:next(T, K), N + 1)].

slots(T, I) ->
    case ets:slot(T, I) of
        '$end_of_table' -> [];
        L -> [L | slots(T, I + 1)]
    end.
