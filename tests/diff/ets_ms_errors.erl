%% Match specification compile errors (ERTS's messages, in ERTS's order,
%% through erlang:match_spec_test/3 and ets:test_ms/2), the badarg the ETS
%% BIFs give for them, and what guards and bodies do at run time.
-module(ets_ms_errors).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    Bad = [
        x, [], [x], [{a, b}], [{'_', [], [true]} | x],
        [{'_', x, [true]}], [{'_', [], x}], [{'_', [], []}], [{'_', [x | y], [true]}],
        [{{'$1'}, [], ['$2']}],
        [{{'$1'}, [{'+', '$2', '$3'}, {'-', '$4'}], [{{'$5', '$6'}}, ['$7' | '$8'], #{'$9' => '$10'}]}],
        [{{'$1'}, [{foo, '$1'}], [{bar}]}],
        [{{'$1'}, [], [{message, '$1'}, {return_trace}, {set_seq_token, a, b}, {get_tcw}]}],
        [{{'$1'}, [], [{const}]}, {'_', [], ['$9']}],
        [{{'$1'}, [], [{self, x}, {'andalso'}, {'or'}]}],
        [{{'$1'}, [], [{}, {1, 2}, {"str", x}, {{'$1'}}]}],
        [{{#{'$1' => 1}}, [], [true]}],
        [{{#{'_' => 1}}, [], [true]}],
        [{{'$1'}, [{is_record, '$1', r}], [true]}],
        [{{'$1'}, [], ['$01']}],
        [{{'$1'}, [], [{'Weird Name', '$1'}]}]
    ],
    [begin
         show(erlang:match_spec_test({1}, MS, table)),
         err(fun() -> is_reference(ets:match_spec_compile(MS)) end)
     end || MS <- Bad],
    T = ets:new(t, [set]),
    ets:insert(T, [{1, a, 2.5}, {2, [x, y], <<"bin">>}, {3, {r, 1}, #{k => v}}]),
    err(fun() -> ets:select(T, [{{'$1'}, [{bad_guard, '$1'}], ['$1']}]) end),
    err(fun() -> ets:select_count(T, [bad]) end),
    err(fun() -> ets:select_delete(T, x) end),
    err(fun() -> ets:select_replace(T, [{'_', [], [{message, x}]}]) end),
    err(fun() -> ets:match_spec_run([{1}], x) end),
    %% a compiled spec is for match_spec_run and continuations only
    err(fun() -> ets:select(T, ets:match_spec_compile([{'_', [], ['$_']}])) end),
    show(ets:select(T, [])),
    show(ets:select_count(T, [])),
    %% run time: a guard that raises fails the clause; a body gives 'EXIT'
    Sel = fun(MS) -> lists:sort(ets:select(T, MS)) end,
    show(Sel([{{'$1', '$2', '_'}, [{'>', {length, '$2'}, 1}], ['$1']}])),
    show(Sel([{{'$1', '$2', '_'}, [], [{length, '$2'}]}])),
    show(Sel([{{'$1', '_', '$3'}, [], [{byte_size, '$3'}, {size, '$3'}]}])),
    show(Sel([{{'$1', '$2', '_'}, [{'orelse', {is_atom, '$2'}, {hd, '$2'}}], ['$1']}])),
    show(Sel([{{'$1', '$2', '_'}, [{'or', {is_atom, '$2'}, {is_list, '$2'}}], ['$1']}])),
    show(Sel([{{'$1', '$2', '_'}, [{'and', true, {is_atom, '$2'}, true}], ['$1']}])),
    show(Sel([{{'$1', '_', '$3'}, [], [{map_get, k, '$3'}]}])),
    %% the failed map_get's reason held the float of {1, a, 2.5}: the
    %% collector must not see it
    erlang:garbage_collect(),
    show(ets:tab2list(T)),
    show(Sel([{{'$1', '$2', '_'}, [{is_record, '$2', r, 2}], [{element, 2, '$2'}]}])),
    show(Sel([{{'$1', '_', '_'}, [], [{'/', '$1', 2}, {'div', '$1', 2}, {'rem', '$1', 2}]}])),
    show(Sel([{{'$1', '_', '_'}, [], [{'bsl', '$1', 64}, {'band', '$1', 1}, {'bxor', '$1', 3}, {'bnot', '$1'}]}])),
    show(Sel([{{'$1', '_', '$3'}, [], [{float, '$1'}, {round, '$3'}, {trunc, '$3'}, {abs, -1}]}])),
    show(Sel([{{'$1', '_', '$3'}, [{is_binary, '$3'}], [{binary_part, '$3', 1, 2}]}])),
    show(Sel([{{'$1', '_', '_'}, [], [{node}, {node, {self}} =:= node()]}])),
    show(Sel([{{'$1', '_', '_'}, [], [[{'+', '$1', 1} | '$1']]}])),
    show(Sel([{{'$1', '_', '_'}, [], [#{'$1' => {'*', '$1', '$1'}}]}])),
    show(Sel([{{'$1', '_', '_'}, [], ['$$']}, {'_', [], [never]}])),
    show(Sel([{'$0', [], [{element, 1, '$0'}]}])),
    show(Sel([{{'$1', '_', '_'}, [{'=/=', '$1', 2}], [{const, {'$1', '_'}}]}])),
    show(ets:match_spec_run([{1, 2}, x, {3, 4}], ets:match_spec_compile([{{'$1', '$2'}, [], [{{'$2', '$1'}}]}]))),
    show(ets:match_spec_run([a, {b}], ets:match_spec_compile([{'_', [], ['$_']}]))),
    show(ets:test_ms({k, 5}, [{{'$1', '$2'}, [{'>', '$2', 3}], [{{'$2', '$1'}}]}])),
    show(ets:test_ms({k, 1}, [{{'$1', '$2'}, [{'>', '$2', 3}], ['$1']}])),
    show(ets:test_ms(not_a_tuple, [{'_', [], [matched]}])),
    show(ets:is_compiled_ms(ets:match_spec_compile([{'_', [], [true]}]))),
    show([ets:is_compiled_ms(X) || X <- [x, make_ref(), [{'_', [], [true]}]]]),
    err(fun() -> erlang:match_spec_test({1}, [{'_', [], [true]}], nope) end),
    %% the trace dialect: argument lists, messages and trace flags
    Trace = [[{['$1'], [], [true]}], [{['$1'], [], [{message, {'$1', x}}]}],
             [{['$1'], [], [{return_trace}, {exception_trace}]}], [{['$1', '$2'], [], ['$2']}],
             [{'_', [], [{caller}, {silent, true}]}], [{['$1'], [{'>', '$1', 5}], [ok]}],
             [{['$1'], [], [{message, {x, '$1'}}]}]],
    [show(erlang:match_spec_test([a], MS, trace)) || MS <- Trace],
    err(fun() -> erlang:match_spec_test({a}, [{'_', [], [true]}], trace) end),
    ok.
