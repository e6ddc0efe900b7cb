echo building
sleep 5
echo built
