%% Access rights (public, protected, private) from the owner and from
%% others, and the error every ets BIF gives for bad arguments: the class,
%% the reason and the frame's error_info (its cause: type, id, access,
%% badkey, keypos, position, owner, already_exists, table_type).
-module(ets_access_errors).
-export([main/0]).
-import(diff_show, [show/1]).

main() ->
    Self = self(),
    Holder = spawn(fun() ->
        Tabs = [ets:new(p, [private]), ets:new(q, [protected]), ets:new(r, [public])],
        [ets:insert(T, {k, 1, a}) || T <- Tabs],
        Self ! {tabs, Tabs},
        receive stop -> ok end
    end),
    [Priv, Prot, Pub] = receive {tabs, L} -> L end,
    Ops = [{lookup, fun(T) -> ets:lookup(T, k) end},
           {insert, fun(T) -> ets:insert(T, {j, 2}) end},
           {member, fun(T) -> ets:member(T, k) end},
           {first, fun(T) -> ets:first(T) =/= '$end_of_table' end},
           {select, fun(T) -> ets:select(T, [{'_', [], [x]}]) end},
           {select_count, fun(T) -> ets:select_count(T, [{'_', [], [true]}]) end},
           {select_delete, fun(T) -> ets:select_delete(T, [{{j, '_'}, [], [true]}]) end},
           {update_counter, fun(T) -> ets:update_counter(T, k, 1) end},
           {update_element, fun(T) -> ets:update_element(T, k, {3, b}) end},
           {delete_object, fun(T) -> ets:delete_object(T, {nope}) end},
           {take, fun(T) -> ets:take(T, nope) end},
           {info, fun(T) -> ets:info(T, size) end},
           {safe_fixtable, fun(T) -> ets:safe_fixtable(T, true) end},
           {rename, fun(T) -> is_reference(ets:rename(T, renamed)) end},
           {setopts, fun(T) -> ets:setopts(T, {heir, none}) end},
           {give_away, fun(T) -> ets:give_away(T, self(), x) end},
           {delete_all, fun(T) -> ets:delete_all_objects(T) end}],
    [show({Name, Kind, t(fun() -> F(T) end)}) || {Name, F} <- Ops, {Kind, T} <- [{private, Priv}, {protected, Prot}, {public, Pub}]],
    Holder ! stop,
    %% argument errors
    T = ets:new(t, [set]),
    B = ets:new(b, [bag]),
    ets:insert(T, {k, 1, a}),
    ets:insert(B, [{k, 1}, {k, 2, x}]),
    Gone = ets:new(gone, []),
    ets:delete(Gone),
    Calls = [
        fun() -> ets:lookup(1, k) end,
        fun() -> ets:lookup(make_ref(), k) end,
        fun() -> ets:lookup(Gone, k) end,
        fun() -> ets:lookup(no_such_table_x, k) end,
        fun() -> ets:insert(T, [{a} | b]) end,
        fun() -> ets:insert(T, {}) end,
        fun() -> ets:insert(T, x) end,
        fun() -> ets:insert_new(T, [x]) end,
        fun() -> ets:lookup_element(T, k, 4) end,
        fun() -> ets:lookup_element(T, k, 0) end,
        fun() -> ets:lookup_element(T, nokey, 2) end,
        fun() -> ets:lookup_element(B, k, 3) end,
        fun() -> ets:lookup_element(B, k, 2) end,
        fun() -> ets:delete_object(T, {}) end,
        fun() -> ets:next(T, nokey) end,
        fun() -> ets:slot(T, -1) end,
        fun() -> ets:slot(T, 1000000) end,
        fun() -> ets:new(t, [named_table]), ets:new(t, [named_table]) end,
        fun() -> ets:new("t", []) end,
        fun() -> ets:new(t, [{keypos, 0}]) end,
        fun() -> ets:new(t, [{heir, nopid, x}]) end,
        fun() -> ets:new(t, [{write_concurrency, maybe}]) end,
        fun() -> ets:new(t, [bad | tail]) end,
        fun() -> ets:new(t, [{decentralized_counters, 1}]) end,
        fun() -> ets:rename(T, "name") end,
        fun() -> ets:rename(t, t) end,
        fun() -> ets:whereis("t") end,
        fun() -> ets:whereis(no_such_table_x) end,
        fun() -> ets:info(T, bogus) end,
        fun() -> ets:info(Gone) end,
        fun() -> ets:info(Gone, size) end,
        fun() -> ets:safe_fixtable(T, 1) end,
        fun() -> ets:give_away(T, list_to_pid("<0.9999.0>"), x) end,
        fun() -> ets:setopts(T, [{heir, x, y}]) end,
        fun() -> ets:setopts(T, {protection, x}) end,
        fun() -> ets:delete(Gone) end,
        fun() -> ets:delete(Gone, k) end,
        fun() -> ets:select_replace(B, [{'_', [], ['$_']}]) end,
        fun() -> ets:select_replace(T, [{{'$1', '$2', '$3'}, [], [{{'$2', '$1', '$3'}}]}]) end,
        fun() -> ets:internal_delete_all(T, undefined) end,
        fun() -> ets:match_delete(T, {nope}) end,
        fun() -> ets:tab2list(Gone) end
    ],
    [show(t(F)) || F <- Calls],
    ok.

%% The outcome, with pids and references left out and the error's frame
%% reduced to its function and error_info.
t(F) ->
    try F() of
        V -> {ok, clean(V)}
    catch
        C:R:St ->
            case St of
                [{M, Fn, Args, Loc} | _] when is_list(Args) -> {C, R, {M, Fn, length(Args)}, Loc};
                _ -> {C, R}
            end
    end.

clean(X) when is_pid(X) -> pid;
clean(X) when is_reference(X) -> ref;
clean(X) when is_list(X) -> [clean(E) || E <- X];
clean(X) when is_tuple(X) -> list_to_tuple(clean(tuple_to_list(X)));
clean(X) -> X.
