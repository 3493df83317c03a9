%% select/3, select_reverse/3, match/3 and match_object/3 continuations on
%% every table type: chunks add up to the whole answer, '$end_of_table'
%% when nothing is left, a table changed between chunks, bad
%% continuations and limits, repair_continuation/2.
-module(ets_select_cont).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    MS = [{{'$1', '$2'}, [{'=:=', {'rem', '$1', 3}, 0}], ['$1']}],
    [begin
         T = ets:new(t, [Type]),
         ets:insert(T, [{K, K * K} || K <- lists:seq(1, 100)]),
         All = lists:sort(ets:select(T, MS)),
         [begin
              Chunks = chunks(ets:select(T, MS, N)),
              show({Type, N, lists:sort(lists:append(Chunks)) =:= All,
                    lists:all(fun(C) -> length(C) =< N end, Chunks)})
          end || N <- [1, 2, 7, 33, 34, 1000]],
         RChunks = chunks(ets:select_reverse(T, MS, 5)),
         show({Type, reverse, lists:sort(lists:append(RChunks)) =:= All}),
         MChunks = chunks(ets:match(T, {'$1', 4}, 2)),
         show({Type, match, lists:append(MChunks)}),
         OChunks = chunks(ets:match_object(T, {'_', 9}, 1)),
         show({Type, match_object, lists:append(OChunks)}),
         show({Type, ets:select(T, [{{'_', nope}, [], ['$_']}], 3)}),
         ets:delete(T)
     end || Type <- [set, bag, duplicate_bag, ordered_set]],
    %% ordered_set chunks come in key order; reverse in reverse order
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{K} || K <- lists:seq(1, 10)]),
    show(chunks(ets:select(O, [{{'$1'}, [], ['$1']}], 3))),
    show(chunks(ets:select_reverse(O, [{{'$1'}, [], ['$1']}], 4))),
    %% a chunk that ends on the last object still has a continuation
    {L1, C1} = ets:select(O, [{{'$1'}, [{'>', '$1', 8}], ['$1']}], 2),
    show(L1),
    show(ets:select(C1)),
    %% objects inserted or deleted between chunks
    {L2, C2} = ets:select(O, [{{'$1'}, [], ['$1']}], 4),
    ets:insert(O, [{0}, {5.5}, {11}]),
    ets:delete(O, 6),
    show({L2, chunks(ets:select(C2))}),
    %% bound keys: the objects at once
    show(chunks(ets:select(O, [{{3}, [], [found]}, {{7}, [], [also]}], 1))),
    show(chunks(ets:select_reverse(O, [{{3}, [], [found]}, {{7}, [], [also]}, {{3.0}, [], [float]}], 1))),
    S = ets:new(s, [set]),
    ets:insert(S, [{K} || K <- lists:seq(1, 10)]),
    show(lists:sort(lists:append(chunks(ets:select(S, [{{3}, [], [found]}, {{7}, [], [also]}], 1))))),
    %% a bag's objects of one key in chunks
    B = ets:new(b, [bag]),
    ets:insert(B, [{k, I} || I <- lists:seq(1, 9)]),
    show(lists:sort(lists:append(chunks(ets:select(B, [{{k, '$1'}, [], ['$1']}], 4))))),
    %% bad limits and continuations
    err(fun() -> ets:select(O, [{'_', [], ['$_']}], 0) end),
    err(fun() -> ets:select(O, [{'_', [], ['$_']}], -1) end),
    err(fun() -> ets:select(O, [{'_', [], ['$_']}], x) end),
    err(fun() -> ets:select(O, bad, 1) end),
    err(fun() -> ets:select({a, b}) end),
    err(fun() -> ets:select(bad) end),
    err(fun() -> ets:match(O, {'_'}, 0) end),
    show(ets:select('$end_of_table')),
    show(ets:match('$end_of_table')),
    show(ets:match_object('$end_of_table')),
    %% a continuation of a deleted table
    D = ets:new(d, [ordered_set]),
    ets:insert(D, [{1}, {2}, {3}]),
    {_, CD} = ets:select(D, [{'_', [], ['$_']}], 1),
    ets:delete(D),
    err(fun() -> ets:select(CD) end),
    %% repair_continuation keeps a continuation usable
    {_, C3} = ets:select(O, [{{'$1'}, [], ['$1']}], 3),
    C4 = ets:repair_continuation(C3, [{{'$1'}, [], ['$1']}]),
    show(element(1, ets:select(C4))),
    show(ets:repair_continuation('$end_of_table', [])),
    ok.

chunks('$end_of_table') -> [];
chunks({L, C}) -> [L | chunks(next(C))].

next('$end_of_table') -> '$end_of_table';
next(C) -> ets:select(C).
