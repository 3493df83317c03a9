%% Direct-mode init (design decision 10): what OTP's init does for
%% `erl -noshell -run/-s/-eval` without a boot script. It replaces OTP's
%% preloaded init only in direct mode (build/ebin comes first in the code
%% path), keeps init's API (stop/0,1, get_argument/1, ...), and runs the
%% commands in a boot process through do_boot/3 and start_em/1, so that
%% stack traces end as they do on erl. Compiled without line information,
%% as the preloaded init is.
-module(init).
-export([boot/3, stop/0, stop/1, restart/0, reboot/0, get_arguments/0,
         get_plain_arguments/0, get_argument/1, get_status/0, script_id/0,
         notify_when_started/1, wait_until_started/0]).
-export([do_boot/3]).

boot(Flags, Plain, Cmds) ->
    register(init, self()),
    process_flag(trap_exit, true),
    static_nifs(),
    application_env(),
    Io = girder_io:start(),
    group_leader(Io, self()),
    Self = self(),
    Boot = spawn_link(?MODULE, do_boot, [Self, Flags, Cmds]),
    loop(#{boot => Boot, flags => Flags, plain => Plain, status => starting}).

%% What erl_init:start/2 does first: load ERTS's built-in NIF libraries
%% (prim_file's starts the helper process that closes the files of
%% processes that exit without closing them).
static_nifs() ->
    zlib:on_load(),
    erl_tracer:on_load(),
    prim_buffer:on_load(),
    prim_file:on_load().

%% kernel's file_server_2, which the file API calls for everything but raw
%% files (kernel's supervisor starts it on erl). It is started from the
%% boot process: its start asks init for arguments, so init cannot wait
%% for it. It keeps a table of its file processes, so it needs ETS.
start_file_server() ->
    case erlang:is_builtin(ets, new, 2) of
        true -> {ok, _} = file_server:start(), ok;
        false -> ok
    end.

%% Direct mode has no application controller: kernel's modules that read
%% their environment (application:get_env/2: inet_db, error_logger) find
%% an empty one in the table the controller would own. init owns it, so it
%% lives as long as the VM.
application_env() ->
    case erlang:is_builtin(ets, new, 2) of
        true -> ac_tab = ets:new(ac_tab, [set, public, named_table, {read_concurrency, true}]), ok;
        false -> ok
    end.

%% kernel's inet_db (kernel's supervisor starts it on erl): gen_tcp,
%% gen_udp and inet find their modules, options and host tables in its
%% tables. Its start reads the resolver's files, so it comes after the
%% file server.
start_inet_db() ->
    case erlang:is_builtin(ets, new, 2) of
        true -> {ok, _} = inet_db:start(), ok;
        false -> ok
    end.

%% The boot process traps exits, as OTP's does.
do_boot(Init, _Flags, Start) ->
    process_flag(trap_exit, true),
    start_file_server(),
    start_inet_db(),
    start_em(Start),
    Init ! {self(), progress, started}.

start_em([S | Tail]) ->
    start_it(S),
    start_em(Tail);
start_em([]) -> ok.

start_it({eval, Parts}) ->
    Str = lists:flatten(lists:join(" ", Parts)),
    {ok, Ts, _} = erl_scan:string(Str),
    Ts1 = case lists:reverse(Ts) of
              [{dot, _} | _] -> Ts;
              TsR -> lists:reverse([{dot, erl_anno:new(1)} | TsR])
          end,
    {ok, Expr} = erl_parse:parse_exprs(Ts1),
    {value, _Value, _Bs} = erl_eval:exprs(Expr, erl_eval:new_bindings()),
    ok;
start_it({run, Args}) -> call(Args);
start_it({s, [M | Args]}) -> call([M | [list_to_atom(A) || A <- Args]]).

%% -run M F Args / -s M F Args
call([M]) -> (list_to_atom(M)):start();
call([M, F]) -> (list_to_atom(M)):(to_atom(F))();
call([M, F | Args]) -> (list_to_atom(M)):(to_atom(F))(Args).

to_atom(A) when is_atom(A) -> A;
to_atom(L) -> list_to_atom(L).

loop(S = #{boot := Boot}) ->
    receive
        {stop, stop} -> halt(0);
        {stop, {stop, Status}} -> halt(Status);
        {stop, _} -> halt(0);
        {Boot, progress, started} -> loop(S#{status := started});
        {'EXIT', Boot, normal} -> loop(S#{status := started});
        {'EXIT', Boot, Reason} ->
            erlang:display({"init terminating in do_boot", Reason}),
            halt("init terminating in do_boot (" ++ brief(Reason, 0) ++ ")");
        {Pid, get_arguments} -> reply(Pid, maps:get(flags, S)), loop(S);
        {Pid, get_plain_arguments} -> reply(Pid, maps:get(plain, S)), loop(S);
        {Pid, {get_argument, Flag}} ->
            Vals = [V || {F, V} <- maps:get(flags, S), F =:= Flag],
            reply(Pid, case Vals of [] -> error; _ -> {ok, Vals} end),
            loop(S);
        {Pid, get_status} -> reply(Pid, {maps:get(status, S), maps:get(status, S)}), loop(S);
        {Pid, script_id} -> reply(Pid, {"OTP APN 181 01", "R25"}), loop(S);
        {Pid, {notify_when_started, P}} -> reply(Pid, started), P ! {init, started}, loop(S);
        _ -> loop(S)
    end.

reply(Pid, Msg) -> Pid ! {init, Msg}.

request(Req) ->
    init ! {self(), Req},
    receive {init, Rep} -> Rep end.

stop() -> init ! {stop, stop}, ok.
stop(Status) when is_integer(Status), Status >= 0 -> init ! {stop, {stop, Status}}, ok;
stop(_) -> erlang:error(badarg).
restart() -> init ! {stop, restart}, ok.
reboot() -> init ! {stop, reboot}, ok.
get_arguments() -> request(get_arguments).
get_plain_arguments() -> request(get_plain_arguments).
get_argument(Arg) -> request({get_argument, Arg}).
get_status() -> request(get_status).
script_id() -> request(script_id).
notify_when_started(Pid) -> request({notify_when_started, Pid}).
wait_until_started() -> receive {init, started} -> ok end.

%% The reason in a halt slogan, as OTP's init writes it: lists and tuples
%% nested four deep become [_] and {_}, a list of plain ASCII text is shown
%% as text, atoms without quotes, and terms other than numbers, atoms,
%% pids, lists and tuples as nothing.
brief(T, Depth) when is_list(T), Depth < 4 ->
    Flat = flat(T),
    case Flat =/= [] andalso lists:all(fun plain_char/1, Flat) of
        true -> Flat;
        false -> "[" ++ lists:join(",", [brief(E, Depth + 1) || E <- T]) ++ "]"
    end;
brief(T, _) when is_list(T) -> "[_]";
brief(T, Depth) when is_tuple(T), Depth < 4 ->
    lists:flatten(["{", lists:join(",", [brief(E, Depth + 1) || E <- tuple_to_list(T)]), "}"]);
brief(T, _) when is_tuple(T) -> "{_}";
brief(T, _) when is_atom(T) -> atom_to_list(T);
brief(T, _) when is_pid(T) -> pid_to_list(T);
brief(T, _) when is_float(T) -> float_to_list(T);
brief(T, _) when is_integer(T) -> integer_to_list(T);
brief(_, _) -> "".

%% Nested lists as one list (elements that are not lists kept as they are).
flat([H | T]) when is_list(H) -> flat(H) ++ flat(T);
flat([H | T]) -> [H | flat(T)];
flat([]) -> [].

plain_char(C) -> is_integer(C) andalso (C >= 32 andalso C =< 126 orelse C =:= $\n orelse C =:= $\r orelse C =:= $\t).
