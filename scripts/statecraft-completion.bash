# bash completion for statecraft (installed to /usr/share/bash-completion/completions).
# Completes the commands, each command's options, model names after -m and file names.
_statecraft() {
  local cur prev cmd i
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      run|validate|show|models|conflict|mc|whatif|backtest|report|import|serve|limits)
        cmd="${COMP_WORDS[i]}"; break ;;
    esac
  done
  local global="-h --help --version -v --verbose --limit"
  local experiment="-m --model -n --runs -s --seed -t --threads -f --format -o --out -p --param --no-institutions -q --quiet --db"
  local opts
  case "$cmd" in
    "") opts="run validate show models conflict mc whatif backtest report import serve limits $global" ;;
    run) opts="-m --model -r --rounds -s --seed -t --threads -f --format -o --out -p --param -w --why" ;;
    validate) opts="--scenario" ;;
    show) opts="-f --format" ;;
    models) opts="-f --format" ;;
    conflict) opts="-c --conflict --concept --status-quo --semantics --coalition -f --format -t --threads" ;;
    mc|whatif) opts="$experiment" ;;
    backtest) opts="$experiment --outcomes --tolerance" ;;
    report) opts="-o --output --mc --whatif --backtest" ;;
    import) opts="-o --output" ;;
    serve) opts="--host --port --time-limit --max-body --scenarios" ;;
    limits) opts="" ;;
  esac
  case "$prev" in
    -m|--model)
      local models
      models=$(statecraft models --format json 2>/dev/null |
               python3 -c 'import json,sys
for m in json.load(sys.stdin):
    print(m["name"])
    for v in m["variants"]: print(m["name"] + ":" + v["name"])' 2>/dev/null)
      COMPREPLY=($(compgen -W "$models" -- "$cur")); return ;;
    -f|--format)
      case "$cmd" in
        run) COMPREPLY=($(compgen -W "table json csv" -- "$cur")) ;;
        show) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
      esac
      return ;;
    --semantics) COMPREPLY=($(compgen -W "textbook gmcr-py" -- "$cur")); return ;;
    --concept) COMPREPLY=($(compgen -W "Nash GMR SMR SEQ SIM SEQ-SIM" -- "$cur")); return ;;
    -o|--out|--scenarios) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -n|--runs|-s|--seed|-t|--threads|-r|--rounds|--port|--host|--tolerance|-p|--param|--limit)
      return ;;
  esac
  if [[ "$cur" == -* || ( -z "$cmd" && -z "$cur" ) ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ "$cmd" == import && $COMP_CWORD -ge 2 && "$prev" == import ]]; then
    COMPREPLY=($(compgen -W "bdm ktab decide" -- "$cur"))
  elif [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _statecraft statecraft
