%% bag and duplicate_bag semantics: which objects are kept, the order
%% lookup gives them in (inserted one by one, or as a list: a bag takes a
%% list last first), delete_object, take, lookup_element, insert_new,
%% select_delete, and keys that are =:= but not == for hash tables.
-module(ets_bags).
-export([main/0]).
-import(diff_show, [show/1]).

main() ->
    [run(Type) || Type <- [bag, duplicate_bag]],
    %% hash tables' keys are exact: 1 and 1.0 differ, 0.0 and -0.0 not
    [begin
         T = ets:new(t, [Type]),
         ets:insert(T, [{1, int}, {1.0, float}, {0.0, zero}]),
         show({Type, ets:lookup(T, 1), ets:lookup(T, 1.0), ets:lookup(T, -0.0), ets:member(T, 2)})
     end || Type <- [set, bag, duplicate_bag]],
    %% specs that bind their keys: only those objects change
    [begin
         T = ets:new(t, [Type]),
         ets:insert(T, [{K, K} || K <- lists:seq(1, 10)]),
         show({Type, ets:select_replace(T, [{{3, '$1'}, [], [{{3, {'*', '$1', 10}}}]},
                                            {{4.0, '$1'}, [], [{{4.0, x}}]},
                                            {{5, '_'}, [], ['$_']}])}),
         show({Type, ets:select_delete(T, [{{6, '_'}, [], [true]}, {{7, '_'}, [], [false]}, {{8.0, '_'}, [], [true]}])}),
         show({Type, ets:select_count(T, [{{1, '_'}, [], [true]}, {{2, '$1'}, [{'>', '$1', 5}], [true]}])}),
         show({Type, lists:sort(ets:tab2list(T))})
     end || Type <- [set, ordered_set]],
    ok.

run(Type) ->
    T = ets:new(t, [Type]),
    ets:insert(T, {a, 1}), ets:insert(T, {a, 2}),
    ets:insert(T, [{a, 3}, {a, 4}]),
    ets:insert(T, {a, 1}),
    show({Type, ets:lookup(T, a)}),
    ets:insert(T, [{a, 5}, {b, 1}, {a, 6}, {a, 5}]),
    show({Type, ets:lookup(T, a), ets:info(T, size)}),
    ets:delete_object(T, {a, 1}),
    show({Type, ets:lookup(T, a)}),
    show({Type, ets:lookup_element(T, a, 2)}),
    show({Type, ets:insert_new(T, [{c, 1}, {c, 2}, {c, 1}]), ets:lookup(T, c)}),
    show({Type, ets:insert_new(T, {c, 9}), ets:lookup(T, c)}),
    show({Type, ets:take(T, c), ets:lookup(T, c)}),
    show({Type, lists:sort(ets:match(T, {a, '$1'}))}),
    show({Type, ets:select_delete(T, [{{a, '$1'}, [{'>', '$1', 4}], [true]}]), ets:lookup(T, a)}),
    show({Type, ets:select_count(T, [{'_', [], [true]}])}),
    ets:delete(T, a),
    show({Type, lists:sort(ets:tab2list(T))}),
    ets:delete_all_objects(T),
    show({Type, ets:tab2list(T), ets:info(T, size)}).
