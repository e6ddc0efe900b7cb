. ./calc.sh
result=$(add 2 3)
if [ "$result" != 5 ]; then
  echo "FAIL: add 2 3 gave $result, expected 5" >&2
  exit 1
fi
echo ok
