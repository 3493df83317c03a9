%% Direct-mode init (design decision 10): what OTP's init does for
%% `erl -noshell -run/-s/-eval`, without the boot script. Registered as
%% `init`, so that init:stop/0, init:get_argument/1 and friends work.
-module(girder_init).
-export([start/3]).

start(Flags, Plain, Cmds) ->
    register(init, self()),
    process_flag(trap_exit, true),
    Io = girder_io:start(),
    group_leader(Io, self()),
    Self = self(),
    Boot = spawn_link(fun() -> boot(Self, Cmds) end),
    loop(#{boot => Boot, flags => Flags, plain => Plain, status => starting}).

boot(_Init, Cmds) ->
    lists:foreach(fun run/1, Cmds).

run({eval, Parts}) ->
    Str = lists:flatten(lists:join(" ", Parts)),
    {ok, Ts, _} = erl_scan:string(Str),
    Ts1 = case lists:reverse(Ts) of
              [{dot, _} | _] -> Ts;
              TsR -> lists:reverse([{dot, erl_anno:new(1)} | TsR])
          end,
    {ok, Expr} = erl_parse:parse_exprs(Ts1),
    {value, _Value, _Bs} = erl_eval:exprs(Expr, erl_eval:new_bindings()),
    ok;
run({run, Args}) -> call(Args);
run({s, Args}) -> call([hd(Args) | [list_to_atom(A) || A <- tl(Args)]]).

%% -run M F Args / -s M F Args, as OTP's init:start_it/1.
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
        {'EXIT', Boot, normal} -> loop(S#{status := started});
        {'EXIT', Boot, Reason} ->
            erlang:display({"init terminating in do_boot", Reason}),
            halt("init terminating in do_boot");
        {Pid, get_arguments} -> reply(Pid, maps:get(flags, S)), loop(S);
        {Pid, get_plain_arguments} -> reply(Pid, maps:get(plain, S)), loop(S);
        {Pid, {get_argument, Flag}} ->
            Vals = [V || {F, V} <- maps:get(flags, S), F =:= Flag],
            reply(Pid, case Vals of [] -> error; _ -> {ok, Vals} end),
            loop(S);
        {Pid, get_status} -> reply(Pid, {maps:get(status, S), maps:get(status, S)}), loop(S);
        {Pid, script_id} -> reply(Pid, {"OTP APN 181 01", "R25"}), loop(S);
        _ -> loop(S)
    end.

reply(Pid, Msg) -> Pid ! {init, Msg}.
