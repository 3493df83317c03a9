%% flags: +S 4
%% Walks over large tables (select, select_count, select_delete,
%% select_replace, match_object, chunks) while other processes change other
%% keys of the same tables: the walks let writers in now and then, and must
%% still see every object of the keys nobody else touches, exactly once.
-module(ets_long_walks).
-export([main/0]).
-import(diff_show, [show/1]).

-define(N, 30000).

main() ->
    [walks(Type) || Type <- [set, ordered_set, bag, duplicate_bag]],
    killed_walker(),
    ok.

%% a walk fixes a hash table between its slices; a walker killed in the
%% middle leaves no fixation behind, and one that finishes neither
killed_walker() ->
    T = ets:new(k, [set, public]),
    ets:insert(T, [{K} || K <- lists:seq(1, ?N)]),
    Self = self(),
    W = spawn(fun() -> Self ! started, walk_forever(T) end),
    receive started -> ok end,
    M = monitor(process, W),
    exit(W, kill),
    receive {'DOWN', M, process, W, _} -> ok end,
    show({killed_walker, ets:info(T, fixed)}),
    show({whole, length(ets:select(T, [{'_', [], [1]}])), ets:info(T, fixed)}),
    ets:delete(T).

walk_forever(T) ->
    _ = ets:select_count(T, [{{'$1'}, [{'>', '$1', 0}], [true]}]),
    walk_forever(T).

walks(Type) ->
    T = ets:new(t, [Type, public]),
    ets:insert(T, [{K, K rem 10} || K <- lists:seq(1, ?N)]),
    Busy = start_writers(T),
    Mine = [{{'$1', '$2'}, [{'=<', '$1', ?N}], [{{'$1', '$2'}}]}],
    Sel = ets:select(T, Mine),
    show({Type, select, length(Sel), lists:usort(Sel) =:= [{K, K rem 10} || K <- lists:seq(1, ?N)]}),
    show({Type, count, ets:select_count(T, [{{'$1', 3}, [{'=<', '$1', ?N}], [true]}])}),
    Chunks = chunks(ets:select(T, Mine, 700)),
    show({Type, chunks, lists:usort(lists:append(Chunks)) =:= lists:usort(Sel)}),
    show({Type, match_object, length([X || {K, _} = X <- ets:match_object(T, {'_', 7}), K =< ?N])}),
    show({Type, replaced, replace(Type, T)}),
    show({Type, after_replace, ets:select_count(T, [{{'$1', '$2'}, [{'=<', '$1', ?N}, {'>=', '$2', 100}], [true]}])}),
    show({Type, deleted, ets:select_delete(T, [{{'$1', '_'}, [{'=<', '$1', ?N}, {'=:=', {'rem', '$1', 2}, 0}], [true]}])}),
    show({Type, left, ets:select_count(T, [{{'$1', '_'}, [{'=<', '$1', ?N}], [true]}])}),
    stop_writers(Busy),
    show({Type, fixed_after, ets:info(T, fixed)}),
    ets:delete(T).

replace(Type, T) when Type =:= set; Type =:= ordered_set ->
    ets:select_replace(T, [{{'$1', '$2'}, [{'=<', '$1', ?N}, {'<', '$2', 5}], [{{'$1', {'+', '$2', 100}}}]}]);
replace(_, T) ->
    %% bags have no select_replace: the same change by hand
    Old = ets:select(T, [{{'$1', '$2'}, [{'=<', '$1', ?N}, {'<', '$2', 5}], ['$_']}]),
    [begin ets:delete_object(T, O), ets:insert(T, {K, V + 100}) end || {K, V} = O <- Old],
    length(Old).

%% writers insert and delete keys above ?N while the walks run (a bounded
%% number of times, so that how the schedulers share the time between
%% them and the walks changes nothing but the timing)
start_writers(T) ->
    Self = self(),
    [spawn_link(fun() -> write_loop(T, ?N + I * 1000000, 0, Self) end) || I <- lists:seq(1, 2)].

write_loop(_T, _Base, 20000, Parent) ->
    receive {stop, Parent} -> Parent ! {stopped, self()} end;
write_loop(T, Base, I, Parent) ->
    receive
        {stop, Parent} -> Parent ! {stopped, self()}
    after 0 ->
        ets:insert(T, {Base + I, x}),
        ets:delete(T, Base + I - 50),
        write_loop(T, Base, I + 1, Parent)
    end.

stop_writers(Pids) ->
    [P ! {stop, self()} || P <- Pids],
    [receive {stopped, P} -> ok end || P <- Pids].

chunks('$end_of_table') -> [];
chunks({L, C}) -> [L | chunks(ets:select(C))].
