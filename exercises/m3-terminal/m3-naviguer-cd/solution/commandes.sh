cd projets/site/css
pwd
touch style.css
cd ../images
touch lisez-moi.txt
cd ../..
echo "Site en cours" > notes.txt
