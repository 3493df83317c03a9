%% flags: +S 1
%% Long matches: megabyte subjects, catastrophic patterns and long global
%% loops give the right answers and do not keep the only scheduler from
%% other processes while they run.
-module(re_long).
-export([main/0]).

-import(re_show, [t/2]).

main() ->
    Big = binary:copy(<<"abcdefghij\n">>, 100000),
    t(needle_at_end, fun() -> re:run(<<Big/binary, "needle42">>, "(needle)(\\d+)", [{capture, all, binary}]) end),
    t(needle_list_subject, fun() -> re:run([Big, "needle"], "needle$") end),
    t(no_needle, fun() -> re:run(Big, "needle") end),
    t(offset_near_end, fun() -> re:run(Big, "j\\n", [{offset, byte_size(Big) - 3}]) end),
    t(lines, fun() -> length(re:split(Big, "\n")) end),
    t(global_count, fun() -> {match, M} = re:run(Big, "e", [global]), length(M) end),
    t(replace_all, fun() -> byte_size(iolist_to_binary(re:replace(Big, "[aeiou]", "", [global]))) end),
    t(unicode_big, fun() -> U = binary:copy(<<"ünï€"/utf8>>, 50000),
                            {match, M} = re:run(U, "€", [global, unicode]), length(M) end),
    Evil = lists:duplicate(26, $a) ++ "!",
    t(catastrophic, fun() -> re:run(Evil, "^(a+)+$", [report_errors]) end),
    t(others_run_meanwhile, fun() -> others_run(Evil) end),
    t(big_subject_others_run, fun() -> others_run_big(Big) end),
    t(many_at_once, fun() ->
                            Self = self(),
                            Pids = [spawn(fun() -> Self ! {self(), re:run(Evil, "^(a+)+$", [report_errors])} end)
                                    || _ <- lists:seq(1, 4)],
                            [receive {P, R} -> R end || P <- Pids]
                    end),
    ok.

%% Whether this process runs while another one matches: the matcher says
%% when it starts; with the scheduler held by the match, its "done" would
%% already be here the first time this process looks.
others_run(Subject) ->
    Self = self(),
    spawn(fun() ->
                  Self ! started,
                  Self ! {done, re:run(Subject, "^(a+)+$", [report_errors])}
          end),
    receive started -> ok end,
    count_until_done(0).

others_run_big(Big) ->
    Self = self(),
    Subject = <<(binary:copy(Big, 5))/binary, "needle">>,
    spawn(fun() ->
                  Self ! started,
                  Self ! {done, re:run(Subject, "(\\w+)\\d|needle")}
          end),
    receive started -> ok end,
    count_until_done(0).

count_until_done(N) ->
    receive
        {done, R} -> {R, ran_meanwhile, N > 0}
    after 0 ->
            _ = lists:seq(1, 100),
            count_until_done(N + 1)
    end.
