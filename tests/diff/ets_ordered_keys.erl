%% ordered_set traversal in the term order with mixed numeric keys: 1 and
%% 1.0 are one key (==), integers, floats and bignums interleave, next and
%% prev of keys that are not in the table, ranges in select, slot/2, and
%% the stored key staying the one last inserted.
-module(ets_ordered_keys).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    O = ets:new(o, [ordered_set]),
    Keys = [3, 1.5, -2, 1 bsl 70, -(1 bsl 70), 2.0, 0, -0.0, 1.0e30, a, "s", {t},
            <<"b">>, [], -1.5, 7, 1 bsl 60],
    ets:insert(O, [{K, v} || K <- Keys]),
    show(ets:info(O, size)),
    show(walk(O, ets:first(O))),
    show(rwalk(O, ets:last(O))),
    %% 1 and 1.0 are the same key; the object keeps the key inserted last
    ets:insert(O, {1, int}),
    ets:insert(O, {1.0, float}),
    show(ets:lookup(O, 1)),
    show(ets:member(O, 1.0)),
    show(ets:info(O, size)),
    ets:insert(O, {2, two}),
    show(ets:lookup(O, 2.0)),
    %% next/prev of keys that are absent, and of the ends
    show([ets:next(O, K) || K <- [-3, 0.5, 1, 1.0, 2.5, 1 bsl 65, zz, {a}, <<"z">>]]),
    show([ets:prev(O, K) || K <- [-3, 0.5, 1, 1.0, 2.5, 1 bsl 65, zz, {a}, <<"a">>]]),
    show(ets:next(O, ets:last(O))),
    show(ets:prev(O, ets:first(O))),
    %% match and select compare exactly: 1.0 does not match a key 1
    show(ets:match(O, {2.0, '$1'})),
    show(ets:match(O, {2, '$1'})),
    show(ets:select(O, [{{'$1', '_'}, [{is_number, '$1'}, {'>=', '$1', 0}, {'<', '$1', 3}], ['$1']}])),
    show(ets:select_reverse(O, [{{'$1', '_'}, [{is_float, '$1'}], ['$1']}])),
    show(ets:select(O, [{{2.0, '$1'}, [], ['$1']}, {{2, '$1'}, [], [{{int, '$1'}}]}])),
    %% tuple keys: a bound prefix, and a range
    T = ets:new(t, [ordered_set]),
    ets:insert(T, [{{K1, K2}, K1 * 10 + K2} || K1 <- [3, 1, 2], K2 <- [2, 1, 3]]),
    show(ets:select(T, [{{{2, '$1'}, '$2'}, [], [{{'$1', '$2'}}]}])),
    show(ets:select(T, [{{{'$1', 2}, '_'}, [], ['$1']}])),
    show(ets:select_reverse(T, [{{{'$1', '$2'}, '_'}, [{'>', '$1', 1}], [{{'$1', '$2'}}]}])),
    show(ets:next(T, {2, 5})),
    show(ets:prev(T, {2, 0})),
    %% slot/2 walks the key order
    show([ets:slot(T, I) || I <- lists:seq(0, 9)]),
    err(fun() -> ets:slot(T, 10) end),
    err(fun() -> ets:slot(T, -1) end),
    %% first/last/next on an empty table, and after deleting everything
    E = ets:new(e, [ordered_set]),
    show({ets:first(E), ets:last(E), ets:next(E, 1), ets:prev(E, 1), ets:slot(E, 0)}),
    ets:insert(E, {x}), ets:delete(E, x),
    show({ets:first(E), ets:info(E, size)}),
    %% delete_object compares the whole object exactly
    ets:insert(E, {5, 5.0}),
    ets:delete_object(E, {5.0, 5.0}),
    show(ets:tab2list(E)),
    ets:delete_object(E, {5, 5.0}),
    show(ets:tab2list(E)),
    %% keypos other than 1
    K = ets:new(k, [ordered_set, {keypos, 2}]),
    ets:insert(K, [{r, 3, c}, {r, 1, a}, {r, 2.0, b}, {r, 2, bb}]),
    show(ets:tab2list(K)),
    show(ets:lookup(K, 2)),
    show(ets:foldr(fun({_, Key, _}, A) -> [Key | A] end, [], K)).

walk(_T, '$end_of_table') -> [];
walk(T, K) -> [K | walk(T, ets:next(T, K))].

rwalk(_T, '$end_of_table') -> [];
rwalk(T, K) -> [K | rwalk(T, ets:prev(T, K))].
