%% ets:info/1,2 items and ERTS's memory words: an empty table, objects of
%% several sizes, the hash table's growth and shrink steps, delete_all,
%% and erlang:memory(ets) moving with the tables.
-module(ets_info_memory).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    [begin
         T = ets:new(t, [Type]),
         M0 = ets:info(T, memory),
         ets:insert(T, {1}), M1 = ets:info(T, memory),
         ets:insert(T, {2, 3}), M2 = ets:info(T, memory),
         ets:insert(T, {3, "abc", 1.5, -(1 bsl 70)}), M3 = ets:info(T, memory),
         ets:insert(T, {4, <<1, 2, 3>>, {a, [b]}}), M4 = ets:info(T, memory),
         ets:insert(T, {5, binary:copy(<<7>>, 200)}), M5 = ets:info(T, memory),
         ets:insert(T, {6, #{a => 1, b => [x]}}), M6 = ets:info(T, memory),
         ets:delete(T, 3), M7 = ets:info(T, memory),
         ets:delete_all_objects(T), M8 = ets:info(T, memory),
         show({Type, [M0, M1, M2, M3, M4, M5, M6, M7, M8]}),
         ets:delete(T)
     end || Type <- [set, ordered_set, bag, duplicate_bag]],
    %% growth and shrink of a hash table, where ERTS allocates segments
    G = ets:new(g, [set]),
    Steps = grow(G, 1, ets:info(G, memory), []),
    show(Steps),
    show(shrink(G, 5000, ets:info(G, memory), [])),
    %% the info items, all at once and one by one
    I = ets:new(info_test, [bag, named_table, public, {keypos, 2}, {read_concurrency, true}]),
    Info = ets:info(I),
    show([K || {K, _} <- Info]),
    show([{K, V} || {K, V} <- Info, not lists:member(K, [id, owner, memory])]),
    show([ets:info(I, K) || K <- [name, type, size, keypos, protection, named_table, node,
                                   compressed, read_concurrency, write_concurrency,
                                   decentralized_counters, fixed, safe_fixed, heir]]),
    show(ets:info(I, owner) =:= self()),
    show(is_reference(ets:info(I, id))),
    show(ets:info(I, id) =:= ets:whereis(info_test)),
    show(ets:info(ets:new(o, [ordered_set]), stats)),
    err(fun() -> ets:info(I, nope) end),
    err(fun() -> ets:info(I, [size]) end),
    err(fun() -> ets:info(1) end),
    err(fun() -> ets:info(make_ref(), size) end),
    show({ets:info(no_such_table_zz), ets:info(no_such_table_zz, size)}),
    %% erlang:memory(ets) grows with a big table and falls back
    Before = erlang:memory(ets),
    Big = ets:new(big, [set]),
    ets:insert(Big, [{K, lists:seq(1, 20)} || K <- lists:seq(1, 20000)]),
    During = erlang:memory(ets),
    ets:delete(Big),
    After = erlang:memory(ets),
    show({During - Before > 20000 * 40 * 8, After - Before < 20000 * 8}),
    ok.

grow(_T, N, _, Acc) when N > 5000 -> lists:reverse(Acc);
grow(T, N, Prev, Acc) ->
    ets:insert(T, {N}),
    M = ets:info(T, memory),
    Acc1 = if M =/= Prev + 6 -> [{N, M - Prev - 6} | Acc]; true -> Acc end,
    grow(T, N + 1, M, Acc1).

shrink(_T, 0, _, Acc) -> lists:reverse(Acc);
shrink(T, N, Prev, Acc) ->
    ets:delete(T, N),
    M = ets:info(T, memory),
    Acc1 = if M =/= Prev - 6 -> [{N, M - Prev + 6} | Acc]; true -> Acc end,
    shrink(T, N - 1, M, Acc1).
