%% Code loading and hot code replacement through the BIFs OTP's code
%% server uses: prepare_loading/finish_loading, old and current versions
%% side by side, processes that stay in old code until a fully qualified
%% call, check_process_code, purge (hard kills, soft refuses), delete,
%% and -on_load staging.
-module(code_loading).
-export([main/0]).

-import(diff_show, [show/1, err/1]).

%% A module `hot` whose version/0 returns Vsn and whose loop/1 waits for
%% messages (local recursion stays in its version, 'upgrade' moves on).
hot(Vsn) ->
    Src = "-module(hot).\n"
          "-export([version/0, loop/1, fun_of/0]).\n"
          "version() -> " ++ integer_to_list(Vsn) ++ ".\n"
          "fun_of() -> fun() -> version() end.\n"
          "loop(Parent) ->\n"
          "  receive\n"
          "    {Parent, which} -> Parent ! {self(), version()}, loop(Parent);\n"
          "    {Parent, upgrade} -> Parent ! {self(), upgraded}, hot:loop(Parent);\n"
          "    stop -> ok\n"
          "  end.\n",
    compile_string(hot, Src).

compile_string(Mod, Src) ->
    {ok, Toks, _} = erl_scan:string(Src),
    Forms = split_forms(Toks, [], []),
    {ok, Mod, Bin} = compile:forms(Forms, [binary]),
    Bin.

split_forms([], [], Acc) -> lists:reverse(Acc);
split_forms([{dot, _} = D | Rest], Cur, Acc) ->
    {ok, F} = erl_parse:parse_form(lists:reverse([D | Cur])),
    split_forms(Rest, [], [F | Acc]);
split_forms([T | Rest], Cur, Acc) -> split_forms(Rest, [T | Cur], Acc).

ask(P, What) ->
    P ! {self(), What},
    receive {P, R} -> R end.

main() ->
    catch logger:set_primary_config(level, none),
    B1 = hot(1), B2 = hot(2), B3 = hot(3),
    show(erlang:module_loaded(hot)),
    show(erlang:load_module(hot, B1)),
    show({hot:version(), erlang:module_loaded(hot), erlang:check_old_code(hot)}),
    F1 = hot:fun_of(),
    P = spawn(hot, loop, [self()]),
    show(ask(P, which)),
    %% a new version: calls go to it, P stays in the old one
    show(erlang:load_module(hot, B2)),
    show({hot:version(), erlang:check_old_code(hot)}),
    show(ask(P, which)),
    show(F1()),
    show(erlang:check_process_code(P, hot)),
    show(erlang:check_process_code(self(), hot)),
    %% a third version while the old one is there: not purged
    show(erlang:load_module(hot, B3)),
    %% P moves to the current version at its fully qualified call
    show(ask(P, upgrade)),
    show(ask(P, which)),
    show(erlang:check_process_code(P, hot)),
    %% nobody runs the old code: a soft purge works
    show(erts_code_purger:soft_purge(hot)),
    show(erlang:check_old_code(hot)),
    show(erts_code_purger:soft_purge(hot)),
    %% P is in version 2; version 3 makes it old
    show(erlang:load_module(hot, B3)),
    show(ask(P, which)),
    show(erts_code_purger:soft_purge(hot)),
    show(erlang:check_old_code(hot)),
    %% a hard purge kills P
    Ref = monitor(process, P),
    show(erlang:purge_module(hot)),
    receive {'DOWN', Ref, process, P, Why} -> show({down, Why}) end,
    show(erlang:check_old_code(hot)),
    show(hot:version()),
    err(fun() -> erlang:purge_module(hot) end),
    %% delete: the current version becomes old, calls are undef
    show(erlang:delete_module(hot)),
    show({erlang:module_loaded(hot), erlang:check_old_code(hot)}),
    err(fun() -> hot:version() end),
    err(fun() -> erlang:delete_module(hot) end),
    show(erlang:delete_module(no_such_module)),
    show(erlang:purge_module(hot)),
    %% a module that was loaded once stays known: deleting it again is true
    show(erlang:delete_module(hot)),
    show(erlang:load_module(hot, B1)),
    show(hot:version()),
    %% prepare/finish
    P2 = erlang:prepare_loading(hot, B2),
    show({is_reference(P2), erlang:has_prepared_code_on_load(P2)}),
    show(erlang:finish_loading([P2])),
    show(hot:version()),
    P3 = erlang:prepare_loading(hot, B3),
    show(erlang:finish_loading([P3])),
    err(fun() -> erlang:finish_loading([P2]) end),
    show(erlang:purge_module(hot)),
    show(erlang:finish_loading([P3])),
    show(hot:version()),
    P4 = erlang:prepare_loading(hot, B1),
    P5 = erlang:prepare_loading(hot, B2),
    show(erlang:purge_module(hot)),
    show(erlang:finish_loading([P4, P5])),
    show(erlang:finish_loading([P4])),
    show(hot:version()),
    %% bad input
    err(fun() -> erlang:load_module(hot, not_a_binary) end),
    err(fun() -> erlang:load_module("hot", B1) end),
    err(fun() -> erlang:finish_loading([make_ref()]) end),
    err(fun() -> erlang:finish_loading(not_a_list) end),
    err(fun() -> erlang:check_old_code("hot") end),
    err(fun() -> erlang:delete_module(42) end),
    err(fun() -> erlang:has_prepared_code_on_load(make_ref()) end),
    %% on_load: staged until its function returns
    OL = compile_string(ol, "-module(ol).\n-export([v/0]).\n-on_load(init/0).\n"
                            "init() -> ok.\nv() -> 1.\n"),
    show(erlang:load_module(ol, OL)),
    err(fun() -> ol:v() end),
    show(erlang:module_loaded(ol)),
    POL = erlang:prepare_loading(ol, OL),
    show(erlang:has_prepared_code_on_load(POL)),
    err(fun() -> erlang:finish_loading([POL, POL]) end),
    show(erlang:finish_loading([POL])),
    show(erlang:call_on_load_function(ol)),
    show(erlang:finish_after_on_load(ol, true)),
    show({ol:v(), erlang:module_loaded(ol)}),
    err(fun() -> erlang:finish_after_on_load(ol, true) end),
    err(fun() -> erlang:call_on_load_function(ol) end),
    %% chunks and checksums
    show(byte_size(erts_internal:beamfile_chunk(B1, "Code")) > 0),
    show(erts_internal:beamfile_chunk(B1, "Xyzw")),
    show(erts_internal:beamfile_chunk(<<"junk">>, "Code")),
    err(fun() -> erts_internal:beamfile_chunk(B1, "Cod") end),
    show(erts_internal:beamfile_module_md5(B1) =:= hot:module_info(md5)),
    show(erts_internal:beamfile_module_md5(<<"junk">>)),
    ok.
