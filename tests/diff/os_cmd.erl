%% os:cmd/1,2 from OTP's own os.erl, which runs /bin/sh through
%% open_port({spawn, ...}) with a monitor on the port and reads until the
%% ^D that its command line echoes at the end: output, stderr, exit codes,
%% the environment, large output, max_size, bad arguments.
-module(os_cmd).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    show(os:cmd("echo hi")),
    show(os:cmd("printf 'a\\nb'")),
    show(os:cmd("exit 3")),
    show(os:cmd("echo to_stderr 1>&2; echo to_stdout")),
    show(os:cmd("echo hello | tr a-z A-Z")),
    show(os:cmd("printf 'a\\nb\\nc\\n' | sort -r | head -n 2")),
    show(os:cmd(["echo", " ", ["deep", [" list"]]])),
    show(os:cmd(echo)),
    show(os:cmd("echo done # a comment")),
    show(os:cmd("cd /usr && pwd")),
    show(os:cmd("no_such_command_at_all")),
    show(os:cmd("cat")),  % stdin is /dev/null
    %% unicode output becomes characters; bytes that are not UTF-8 stay bytes
    show(os:cmd("printf '\\303\\251t\\303\\251'")),
    show(os:cmd("printf '\\377\\376'")),
    %% the VM's environment reaches the shell
    os:putenv("OS_CMD_TEST_VAR", "value1"),
    show(os:cmd("echo $OS_CMD_TEST_VAR")),
    os:unsetenv("OS_CMD_TEST_VAR"),
    show(os:cmd("echo \"[$OS_CMD_TEST_VAR]\"")),
    %% large output, in many reads
    Big = os:cmd("head -c 300000 /dev/zero | tr '\\000' x"),
    show({length(Big), lists:usort(Big)}),
    Lines = os:cmd("seq 1 20000"),
    show({length(Lines), lists:sublist(Lines, 12), lists:nthtail(length(Lines) - 12, Lines)}),
    %% max_size: at most that many bytes
    show(os:cmd("echo 1234567890", #{max_size => 4})),
    show(os:cmd("echo 1234567890", #{max_size => 100})),
    show(os:cmd("echo 1234567890", #{max_size => infinity})),
    show(os:cmd("echo 12", #{max_size => 3})),
    show(length(os:cmd("head -c 200000 /dev/zero | tr '\\000' y", #{max_size => 70000}))),
    %% children start with no signal blocked and SIGPIPE and SIGFPE
    %% ignored, as ERTS's (so `yes | head` has yes report EPIPE)
    show(os:cmd("grep -E 'SigBlk|SigIgn' /proc/self/status", #{})),
    %% a background job that outlives the command does not hold os:cmd up
    show(os:cmd("sleep 5 > /dev/null 2>&1 & echo started")),
    %% bad arguments
    err(fun() -> os:cmd(42) end),
    err(fun() -> os:cmd([$a | b]) end),
    err(fun() -> os:cmd("echo", bad) end),
    %% a negative max_size fails inside os.erl after the port has opened,
    %% leaving it open: whatever it sends later is dropped here
    err(fun() -> os:cmd("echo", #{max_size => -1}) end),
    timer:sleep(100),
    drop_port_messages(),
    show(os:cmd("echo trailing zeros" ++ [0, 0])),
    err(fun() -> os:cmd("echo a" ++ [0] ++ "b") end),
    %% no messages left behind
    show(receive M -> M after 100 -> none end),
    ok.

drop_port_messages() ->
    receive
        {P, _} when is_port(P) -> drop_port_messages();
        {'DOWN', _, port, _, _} -> drop_port_messages();
        {'EXIT', P, _} when is_port(P) -> drop_port_messages()
    after 0 -> ok
    end.
