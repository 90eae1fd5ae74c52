# 1. cd projets/site/css, pwd, touch style.css
# 2. cd ../images, touch lisez-moi.txt
# 3. cd ../.., echo "Site en cours" > notes.txt
pwd
