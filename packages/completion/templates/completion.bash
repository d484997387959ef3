# __PROG__ completion for bash (protocol __PROTOCOL__, __PROG__ __VERSION__)
# Written by '__PROG__ completion bash'. Needs no bash-completion package; works in bash 3.2 and later.
# Every Tab runs '__PROG__ __complete WORDS...', which prints one candidate per line and a last
# line ':N' whose bits say what to do (1 error, 2 no space, 4 no file names, 8 extensions,
# 16 folders only, 32 keep order).

__FN___complete() {
    local IFS=$' \t\n'
    COMPREPLY=()
    local line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}} i w rest previous=
    local -a words=()
    # bash splits '--model=x' and 'a:b' at COMP_WORDBREAKS; join such pieces again so the program
    # sees each word as it was typed.
    for ((i = 0; i <= COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        rest=${line#"${line%%[![:space:]]*}"}
        if ((i > 0)) && [[ -n $COMP_LINE && ${#rest} -eq ${#line} ]] &&
            [[ $w == [=:] || $previous == [=:] ]]; then
            words[${#words[@]} - 1]+=$w
        else
            words+=("$w")
        fi
        previous=$w
        line=${rest#"$w"}
    done
    local current=${words[${#words[@]} - 1]}
    # readline replaces only the text after the last '=' or ':' in the word.
    local raw=${COMP_WORDS[COMP_CWORD]} strip=
    if [[ $raw == [=:] ]]; then
        strip=$current
    else
        strip=${current%"$raw"}
    fi
    local program=${words[0]}
    [[ $program == "~/"* ]] && program=$HOME/${program:2}
    for ((i = 1; i < ${#words[@]}; i++)); do
        w=${words[i]}
        w=${w//\\ / }
        [[ $w == [\"\']* ]] && w=${w:1}
        words[i]=$w
    done

    local out
    out=$("$program" __complete "${words[@]:1}" 2>/dev/null) || return 0
    local last=${out##*$'\n'} body=
    [[ $last =~ ^:[0-9]+$ ]] || return 0
    [[ $out == *$'\n'* ]] && body=${out%$'\n'*}
    local directive=${last:1}
    ((directive & 1)) && return 0

    local -a values=()
    while IFS= read -r w; do
        [[ -n $w ]] && values+=("${w%%$'\t'*}")
    done <<<"$body"

    if ((directive & 8)) || ((directive & 16)); then
        # File names filtered by extension, or folders only: let bash list them.
        compopt -o filenames 2>/dev/null
        local cur=${words[${#words[@]} - 1]} extension
        if ((directive & 16)); then
            if [[ -n ${values[0]} ]]; then
                while IFS= read -r w; do [[ -n $w ]] && COMPREPLY+=("$w"); done < <(cd -- "${values[0]}" 2>/dev/null && compgen -d -- "$cur")
            else
                while IFS= read -r w; do [[ -n $w ]] && COMPREPLY+=("$w"); done < <(compgen -d -- "$cur")
            fi
        else
            for extension in "${values[@]}"; do
                while IFS= read -r w; do [[ -n $w ]] && COMPREPLY+=("$w"); done < <(compgen -f -X "!*.$extension" -- "$cur")
            done
            while IFS= read -r w; do [[ -n $w ]] && COMPREPLY+=("$w"); done < <(compgen -d -- "$cur")
        fi
        return 0
    fi

    if ((${#values[@]} == 0)); then
        # Nothing to offer: fall back to file names unless told not to.
        ((directive & 4)) || compopt -o default 2>/dev/null
        return 0
    fi
    ((directive & 2)) && compopt -o nospace 2>/dev/null
    ((directive & 32)) && compopt -o nosort 2>/dev/null
    local quoted
    for w in "${values[@]}"; do
        [[ -n $strip ]] && w=${w#"$strip"}
        printf -v quoted '%q' "$w"
        [[ $quoted == '\~'* ]] && quoted=${quoted:1}
        COMPREPLY+=("$quoted")
    done
    return 0
}

if type compopt >/dev/null 2>&1; then
    complete -F __FN___complete __PROG__
else
    # bash 3.2 (macOS) has no compopt: always allow file names.
    complete -o default -F __FN___complete __PROG__
fi
