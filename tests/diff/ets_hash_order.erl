%% The order in which a set gives its objects (tab2list, first/next,
%% last/prev, match, select, foldl/foldr, slot, select chunks), as erl's:
%% every printable kind of key, tables of the sizes where ERTS's table
%% grows (256 buckets, 2048 more at 257, ...), the table shrinking as keys
%% go (delete, delete_object, take, select_delete, match_delete), a table
%% fixed meanwhile, and the other ways objects come in (lists, insert_new,
%% update_counter with a default, update_element, delete_all_objects,
%% rename, give_away).
-module(ets_hash_order).
-export([main/0]).
-import(diff_show, [show/1]).
-import(hash_order, [key/2, kinds/0, summary/2, fill/3, nactive/1, show_list/2, walk/1]).

main() ->
    example(),
    [by_size(Kind, N) || Kind <- kinds(), N <- [1, 10, 100]],
    [by_size(mixed, N) || N <- [255, 256, 257, 1000, 5000, 20000]],
    [by_size(Kind, 3000) || Kind <- [small, binary, atom, tuple, float]],
    growth(),
    shrink(),
    deletes(),
    fixed(),
    ops(),
    ok.

%% The brief's example (a tuple of integers for the tuple of atoms).
example() ->
    T = ets:new(t, [set]),
    [ets:insert(T, {K, v}) || K <- [a, b, c, d, e, 1, 2, 3, 4, 5, 10, 100, "str", <<"bin">>, {1, 2}, 3.5]],
    show(ets:tab2list(T)),
    show(walk(T)),
    ets:delete(T).

by_size(Kind, N) ->
    T = fill(ets:new(t, [set]), Kind, lists:seq(1, N)),
    summary({Kind, N}, T),
    ets:delete(T).

%% The bucket count as objects come, around each step.
growth() ->
    T = ets:new(t, [set, public]),
    Points = lists:seq(250, 262) ++ lists:seq(2300, 2310) ++ lists:seq(4350, 4360) ++ [6400, 6401, 8448, 8449],
    show([begin
              fill(T, small, lists:seq(ets:info(T, size) + 1, N)),
              {N, nactive(T)}
          end || N <- Points]),
    %% objects that replace others add nothing
    fill(T, small, lists:seq(1, 8449)),
    show({replaced, ets:info(T, size), nactive(T)}),
    ets:delete(T).

%% Deleting in a scattered order down to nothing, the walk order on the way.
shrink() ->
    N = 20000,
    T = fill(ets:new(t, [set]), mixed, lists:seq(1, N)),
    Order = [(I * 7919) rem N + 1 || I <- lists:seq(0, N - 1)],
    shrink(T, Order, N, 0),
    ets:delete(T).

shrink(T, [], _, _) -> show({empty, ets:info(T, size), nactive(T), ets:tab2list(T)});
shrink(T, [I | Is], N, Done) ->
    ets:delete(T, key(mixed, I)),
    Left = N - Done - 1,
    case Left rem 2500 =:= 0 orelse lists:member(Left, [1000, 300, 10]) of
        true ->
            show({left, Left, nactive(T)}),
            show_list({left, Left, tab2list}, ets:tab2list(T)),
            show_list({left, Left, walk}, walk(T));
        false ->
            ok
    end,
    shrink(T, Is, N, Done + 1).

%% The other ways to delete, each followed by the order they leave.
deletes() ->
    T = fill(ets:new(t, [set]), small, lists:seq(1, 9000)),
    Step = fun(Label) -> show({Label, ets:info(T, size), nactive(T)}), show_list({Label, walk}, walk(T)) end,
    show(ets:select_delete(T, [{{'_', '$1'}, [{'==', {'rem', '$1', 3}, 0}], [true]}])),
    Step(select_delete),
    show(ets:match_delete(T, {'_', 5})),
    Step(match_delete),
    [ets:delete_object(T, {key(small, I), I}) || I <- lists:seq(1, 9000, 5)],
    Step(delete_object),
    show_list(take, [ets:take(T, key(small, I)) || I <- lists:seq(2, 9000, 7)]),
    Step(take),
    %% a spec that binds its keys
    show(ets:select_delete(T, [{{key(small, I), '_'}, [], [true]} || I <- lists:seq(1, 9000, 11)])),
    Step(keyed_select_delete),
    %% select_delete from a process other than the owner of a public table
    P = fill(ets:new(t, [set, public]), small, lists:seq(1, 9000)),
    Self = self(),
    spawn(fun() -> Self ! {deleted, ets:select_delete(P, [{{'_', '$1'}, [{'>', '$1', 500}], [true]}])} end),
    receive {deleted, D} -> show({other, D, ets:info(P, size), nactive(P)}) end,
    [ets:delete(P, key(small, I)) || I <- lists:seq(1, 400)],
    show({other_then_delete, ets:info(P, size), nactive(P), walk(P)}),
    ets:delete(P),
    ets:delete(T).

%% A fixed table does not grow or shrink, keeps deleted keys for next/2,
%% and resizes again at its next change after it is unfixed.
fixed() ->
    T = fill(ets:new(t, [set]), small, lists:seq(1, 200)),
    ets:safe_fixtable(T, true),
    fill(T, small, lists:seq(201, 3000)),
    show({fixed_grown, ets:info(T, size), nactive(T)}),
    [ets:delete(T, key(small, I)) || I <- lists:seq(1, 3000, 2)],
    First = ets:first(T),
    show({fixed_walk, First, ets:next(T, key(small, 1)), length(walk(T))}),
    show_list(fixed_walk, walk(T)),
    ets:insert(T, {key(small, 1), again}),
    ets:safe_fixtable(T, false),
    show({unfixed, ets:info(T, size), nactive(T)}),
    ets:insert(T, {new, 1}),
    show({unfixed_insert, nactive(T)}),
    [ets:insert(T, {{0, I}, 1}) || I <- lists:seq(1, 300)],
    show({grown_again, nactive(T)}),
    show_list(after_fix, walk(T)),
    ets:delete(T).

ops() ->
    %% a list at once, and a list with a key twice
    L = fill(ets:new(t, [set]), tuple, []),
    ets:insert(L, [{key(tuple, I), I} || I <- lists:seq(1, 600)] ++ [{key(tuple, 7), last}]),
    summary(list_insert, L),
    show(ets:insert_new(L, [{key(tuple, I), I} || I <- lists:seq(601, 700)])),
    show(ets:insert_new(L, {key(tuple, 800), x})),
    show(ets:insert_new(L, {key(tuple, 800), y})),
    show_list(insert_new, walk(L)),
    %% counters: new keys come with the default object
    C = ets:new(t, [set]),
    [ets:update_counter(C, key(small, I rem 400), 1, {x, 0}) || I <- lists:seq(1, 1200)],
    show_list(counters, ets:tab2list(C)),
    [ets:update_element(C, key(small, I), {2, {big, I}}) || I <- lists:seq(1, 399, 4)],
    show_list(update_element, ets:tab2list(C)),
    %% emptied and filled again: the table is as new
    ets:delete_all_objects(C),
    show({emptied, ets:info(C, size), nactive(C), ets:tab2list(C)}),
    fill(C, string, lists:seq(1, 500)),
    summary(refilled, C),
    %% a new name or owner changes nothing
    N = fill(ets:new(named, [set, named_table]), binary, lists:seq(1, 300)),
    Before = ets:tab2list(N),
    Walk = walk(N),
    ets:rename(N, renamed),
    show({renamed, ets:tab2list(renamed) =:= Before, walk(renamed) =:= Walk}),
    Self = self(),
    Heir = spawn(fun() -> receive {'ETS-TRANSFER', Tab, _, _} -> Self ! {list, ets:tab2list(Tab)} end end),
    ets:give_away(renamed, Heir, gift),
    receive {list, GL} -> show({given, GL =:= Before}) end,
    ok.
