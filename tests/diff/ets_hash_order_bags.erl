%% The order in which a bag or duplicate_bag gives its objects, as erl's:
%% several objects per key (lookup, lookup_element, walks), objects one at
%% a time or as a list, delete_object of a group's first, middle or last
%% object, an equal object again, take, select_delete and match_delete,
%% objects deleted while the table is fixed and inserted again, and
%% insert_new.
-module(ets_hash_order_bags).
-export([main/0]).
-import(diff_show, [show/1]).
-import(hash_order, [key/2, summary/2, nactive/1, show_list/2, walk/1]).

main() ->
    [run(Type, Kind, N) || Type <- [bag, duplicate_bag], Kind <- [small, binary, string, tuple, atom, mixed],
                           N <- [10, 300]],
    [run(Type, mixed, N) || Type <- [bag, duplicate_bag], N <- [3000, 10000]],
    [lists(Type) || Type <- [bag, duplicate_bag]],
    [fixed(Type) || Type <- [bag, duplicate_bag]],
    ok.

%% N objects over N div 3 keys, a key's objects apart from each other.
objects(Kind, N) -> [{key(Kind, I rem max(1, N div 3) + 1), I} || I <- lists:seq(1, N)].

run(Type, Kind, N) ->
    Label = {Type, Kind, N},
    T = ets:new(t, [Type]),
    Objs = objects(Kind, N),
    [ets:insert(T, O) || O <- Objs],
    %% an equal object again: a bag keeps one
    [ets:insert(T, O) || O <- lists:sublist(Objs, 5)],
    summary(Label, T),
    Keys = [key(Kind, I) || I <- lists:seq(1, min(20, max(1, N div 3)))],
    show_list({Label, lookup}, [ets:lookup(T, K) || K <- Keys]),
    show_list({Label, lookup_element}, [ets:lookup_element(T, K, 2) || K <- Keys]),
    %% a group's first, middle and last objects go, then come back
    Groups = [ets:lookup(T, K) || K <- Keys],
    Gone = lists:append([[hd(G), lists:nth((length(G) + 1) div 2, G), lists:last(G)] || G <- Groups]),
    [ets:delete_object(T, O) || O <- Gone],
    show_list({Label, deleted}, [ets:lookup(T, K) || K <- Keys]),
    [ets:insert(T, O) || O <- Gone],
    show_list({Label, back}, [ets:lookup(T, K) || K <- Keys]),
    show_list({Label, back_walk}, walk(T)),
    show_list({Label, take}, [ets:take(T, K) || K <- lists:sublist(Keys, 3)]),
    show(ets:select_delete(T, [{{'_', '$1'}, [{'==', {'rem', '$1', 4}, 0}], [true]}])),
    show(ets:match_delete(T, {'_', 7})),
    show({Label, ets:info(T, size), nactive(T)}),
    show_list({Label, after_deletes}, ets:tab2list(T)),
    show({Label, insert_new, ets:insert_new(T, {hd(Keys), x}), ets:insert_new(T, [{new, 1}, {new, 2}, {new, 1}]),
          ets:lookup(T, new)}),
    [ets:delete(T, K) || K <- Keys],
    show({Label, ets:info(T, size), nactive(T)}),
    show_list({Label, after_delete}, walk(T)),
    ets:delete(T).

%% A list at once: a bag takes it last first; with keys twice and objects
%% twice.
lists(Type) ->
    T = ets:new(t, [Type]),
    L = objects(mixed, 900) ++ objects(mixed, 30),
    ets:insert(T, L),
    summary({Type, list}, T),
    show_list({Type, list_lookup}, [ets:lookup(T, key(mixed, I)) || I <- lists:seq(1, 10)]),
    ets:insert(T, lists:reverse(objects(binary, 60))),
    show_list({Type, list_again}, [ets:lookup(T, key(binary, I)) || I <- lists:seq(1, 20)]),
    ets:delete(T).

%% Deleted while fixed and inserted again: the group's order after.
fixed(Type) ->
    T = ets:new(t, [Type]),
    Objs = objects(small, 300),
    ets:insert(T, Objs),
    ets:safe_fixtable(T, true),
    Keys = [key(small, I) || I <- lists:seq(1, 20)],
    Groups = [ets:lookup(T, K) || K <- Keys],
    [ets:delete_object(T, hd(G)) || G <- Groups],
    [ets:delete_object(T, lists:last(G)) || G <- Groups],
    [ets:delete(T, K) || K <- lists:sublist(Keys, 5)],
    show_list({Type, fixed_deleted}, [ets:lookup(T, K) || K <- Keys]),
    show({Type, fixed_next, [ets:next(T, K) =/= x || K <- lists:sublist(Keys, 5)]}),
    [ets:insert(T, hd(G)) || G <- Groups],
    [ets:insert(T, {K, new}) || K <- lists:sublist(Keys, 3)],
    show_list({Type, fixed_back}, [ets:lookup(T, K) || K <- Keys]),
    show_list({Type, fixed_walk}, walk(T)),
    show({Type, fixed_stats, element(7, ets:info(T, stats))}),
    ets:safe_fixtable(T, false),
    show({Type, unfixed_stats, element(7, ets:info(T, stats))}),
    show_list({Type, unfixed}, ets:tab2list(T)),
    ets:delete(T).
