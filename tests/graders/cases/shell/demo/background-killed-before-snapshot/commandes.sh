mkdir photos
cat boite/secret.txt
mv boite/secret.txt photos/
rm brouillon.txt
(sleep 2; touch tard.txt) &
