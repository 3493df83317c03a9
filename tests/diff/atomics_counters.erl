%% atomics and counters: signed and unsigned ranges, wrapping adds,
%% compare_exchange, info maps, errors, and many processes adding at once
%% on several schedulers without losing an update.
-module(atomics_counters).
-export([main/0]).

-import(diff_show, [show/1, err/1]).

main() ->
    A = atomics:new(3, []),
    show(is_reference(A)),
    show(atomics:info(A)),
    show([atomics:get(A, I) || I <- [1, 2, 3]]),
    show(atomics:add_get(A, 1, 5)),
    show(atomics:exchange(A, 1, 7)),
    show(atomics:compare_exchange(A, 1, 7, 9)),
    show(atomics:compare_exchange(A, 1, 7, 1)),
    show(atomics:sub_get(A, 2, 3)),
    ok = atomics:put(A, 3, (1 bsl 63) - 1),
    show(atomics:add_get(A, 3, 1)),
    show(atomics:add_get(A, 3, (1 bsl 64) - 1)),
    ok = atomics:add(A, 3, -(1 bsl 63)),
    show(atomics:get(A, 3)),
    U = atomics:new(2, [{signed, false}]),
    show(atomics:info(U)),
    show(atomics:sub_get(U, 1, 1)),
    show(atomics:add_get(U, 1, 1 bsl 63)),
    ok = atomics:put(U, 2, (1 bsl 64) - 1),
    show(atomics:get(U, 2)),
    show(atomics:compare_exchange(U, 2, 0, 5)),
    err(fun() -> atomics:get(A, 4) end),
    err(fun() -> atomics:get(A, 0) end),
    err(fun() -> atomics:put(A, 1, 1 bsl 63) end),
    err(fun() -> atomics:put(U, 1, -1) end),
    err(fun() -> atomics:add(A, 1, 1 bsl 64) end),
    err(fun() -> atomics:add(A, 1, foo) end),
    err(fun() -> atomics:exchange(A, 1, 1 bsl 63) end),
    err(fun() -> atomics:compare_exchange(U, 1, 0, -1) end),
    err(fun() -> atomics:new(0, []) end),
    err(fun() -> atomics:new(1, [bad]) end),
    err(fun() -> atomics:new(1, [{signed, maybe}]) end),
    err(fun() -> atomics:get(make_ref(), 1) end),
    err(fun() -> atomics:info(not_a_ref) end),
    C = counters:new(2, [write_concurrency]),
    show(counters:info(C) =:= #{size => 2, memory => maps:get(memory, counters:info(C))}),
    ok = counters:add(C, 1, 5),
    ok = counters:sub(C, 2, 3),
    show([counters:get(C, 1), counters:get(C, 2)]),
    ok = counters:put(C, 1, -(1 bsl 63)),
    show(counters:get(C, 1)),
    ok = counters:add(C, 1, -1),
    show(counters:get(C, 1)),
    D = counters:new(4, []),
    show(counters:info(D)),
    ok = counters:add(D, 4, 10),
    show(counters:get(D, 4)),
    err(fun() -> counters:get(C, 3) end),
    err(fun() -> counters:new(1, [bad]) end),
    err(fun() -> counters:add(C, 1, 1 bsl 64) end),
    %% term_to_binary round trip gives the same array back
    show(atomics:get(binary_to_term(term_to_binary(A)), 1)),
    %% concurrent adds from many processes
    Shared = atomics:new(1, []),
    Wc = counters:new(1, [write_concurrency]),
    Self = self(),
    Ps = [spawn(fun() ->
                    [begin atomics:add(Shared, 1, 1), counters:add(Wc, 1, 1) end
                     || _ <- lists:seq(1, 10000)],
                    Self ! {done, self()}
                end) || _ <- lists:seq(1, 16)],
    [receive {done, P} -> ok end || P <- Ps],
    show({atomics:get(Shared, 1), counters:get(Wc, 1)}),
    ok.
