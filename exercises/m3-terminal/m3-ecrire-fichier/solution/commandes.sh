echo "Lundi : HTML" > planning.txt
echo "Mardi : CSS" >> planning.txt
echo "Mercredi : JavaScript" >> planning.txt
cat planning.txt
