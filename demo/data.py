"""Demo content for `manage.py seed_demo`: a Jordanian comprehensive centre and a service office.

Plain data only; the command turns it into rows. Fees are in JOD and charter targets in
minutes, close to what Jordan's centres publish, but this is demo data, not the official
registry. Documents, conditions and steps are {"ar", "en"} items as `centre.Service` expects.
"""

PASSWORD = "nafitha-demo"

# How a service's fee is shown at the kiosk (centre.Service.FeeKind): nothing to pay, a fixed
# amount, or an amount that depends on the case, stated by the fee note.
FREE, FIXED, VARIABLE = "free", "fixed", "variable"


def t(ar: str, en: str) -> dict[str, str]:
    return {"ar": ar, "en": en}


ID_CARD = t("البطاقة الشخصية", "National ID card")
OWNER_ID = t("البطاقة الشخصية للمالك أو الوكيل", "ID card of the owner or attorney")
PHOTO = t("صورة شخصية حديثة بخلفية بيضاء", "A recent personal photo on a white background")
POA = t(
    "وكالة عدلية عند المراجعة نيابة عن صاحب العلاقة",
    "A notarised power of attorney when acting for someone else",
)
JO_ADULT = t("أن يكون مقدم الطلب أردني الجنسية", "The applicant is a Jordanian citizen")
PAY_STEP = t("دفع الرسوم إلكترونياً أو على الشباك", "Pay the fee by e-payment or at the counter")
CHECK_STEP = t("تدقيق الوثائق على الشباك", "Documents checked at the counter")

SANAD = "تطبيق سند / Sanad app"
EFAWATEERCOM = "إي فواتيركم / eFAWATEERcom"
ISTD = "بوابة ضريبة الدخل والمبيعات / ISTD e-services"
CCD = "خدمات مراقبة الشركات / CCD e-services"
GAM = "خدمات أمانة عمّان / GAM e-services"

# Each department: code, names, ticket letter at the comprehensive centre, its services.
# A service: code, ar, en, fee (JOD), target wait / standard service minutes, documents,
# conditions, steps, digital channels, optional fee note.
DEPARTMENTS = [
    {
        "code": "civil-status",
        "ar": "دائرة الأحوال المدنية والجوازات",
        "en": "Civil Status and Passports Department",
        "letter": "A",
        "services": [
            {
                "code": "passport-renewal",
                "ar": "تجديد جواز السفر العادي",
                "en": "Ordinary passport renewal",
                "fee_kind": FIXED,
                "fee": "20.000",
                "target": 20,
                "standard": 8,
                "documents": [ID_CARD, t("جواز السفر السابق", "The previous passport"), PHOTO],
                "conditions": [
                    JO_ADULT,
                    t(
                        "حضور صاحب العلاقة شخصياً لأخذ البصمة",
                        "The holder attends in person for fingerprints",
                    ),
                ],
                "steps": [
                    CHECK_STEP,
                    t("التقاط الصورة والبصمة", "Photo and fingerprints taken"),
                    PAY_STEP,
                    t(
                        "استلام الجواز بعد الإشعار برسالة نصية",
                        "Collect the passport after the SMS notice",
                    ),
                ],
                "channels": [SANAD],
            },
            {
                "code": "passport-first-issue",
                "ar": "إصدار جواز سفر لأول مرة",
                "en": "First passport issue",
                "fee_kind": FIXED,
                "fee": "20.000",
                "target": 25,
                "standard": 12,
                "documents": [ID_CARD, PHOTO, t("دفتر العائلة للقاصرين", "Family book for minors")],
                "conditions": [
                    JO_ADULT,
                    t("موافقة الولي للقاصرين", "Guardian's consent for minors"),
                ],
                "steps": [
                    CHECK_STEP,
                    t("التقاط الصورة والبصمة", "Photo and fingerprints taken"),
                    PAY_STEP,
                ],
                "channels": [],
            },
            {
                "code": "id-card-renewal",
                "ar": "تجديد البطاقة الشخصية الذكية",
                "en": "Smart ID card renewal",
                "fee_kind": FIXED,
                "fee": "2.000",
                "target": 15,
                "standard": 6,
                "fee_note": t("بدل فاقد أو تالف: ٥ دنانير", "Lost or damaged card: 5 JOD"),
                "documents": [ID_CARD, PHOTO],
                "conditions": [t("بلوغ السادسة عشرة", "Aged 16 or over")],
                "steps": [
                    CHECK_STEP,
                    t("التقاط الصورة والبصمة", "Photo and fingerprints taken"),
                    PAY_STEP,
                ],
                "channels": [SANAD],
            },
            {
                "code": "birth-certificate",
                "ar": "إصدار شهادة ميلاد",
                "en": "Birth certificate issue",
                "fee_kind": FIXED,
                "fee": "2.000",
                "target": 10,
                "standard": 4,
                "documents": [ID_CARD, t("دفتر العائلة", "Family book")],
                "conditions": [
                    t(
                        "الطلب من صاحب القيد أو أحد أفراد أسرته",
                        "Requested by the person or a family member",
                    )
                ],
                "steps": [
                    CHECK_STEP,
                    PAY_STEP,
                    t("طباعة الشهادة فوراً", "Certificate printed on the spot"),
                ],
                "channels": [SANAD],
            },
            {
                "code": "family-book",
                "ar": "إصدار دفتر عائلة",
                "en": "Family book issue",
                "fee_kind": FIXED,
                "fee": "5.000",
                "target": 20,
                "standard": 10,
                "documents": [
                    ID_CARD,
                    t("عقد الزواج", "Marriage contract"),
                    t("بطاقة الزوجة الشخصية", "Wife's ID card"),
                ],
                "conditions": [t("تسجيل واقعة الزواج مسبقاً", "The marriage is already registered")],
                "steps": [CHECK_STEP, PAY_STEP, t("تسليم الدفتر", "Family book handed over")],
                "channels": [],
            },
            {
                "code": "civil-record-extract",
                "ar": "صورة قيد مدني",
                "en": "Civil record extract",
                "fee_kind": FIXED,
                "fee": "1.000",
                "target": 10,
                "standard": 3,
                "documents": [ID_CARD],
                "conditions": [],
                "steps": [CHECK_STEP, PAY_STEP],
                "channels": [SANAD],
            },
        ],
    },
    {
        "code": "licensing",
        "ar": "إدارة ترخيص السواقين والمركبات",
        "en": "Driver and Vehicle Licensing Department",
        "letter": "B",
        "services": [
            {
                "code": "licence-renewal",
                "ar": "تجديد رخصة القيادة",
                "en": "Driving licence renewal",
                "fee_kind": VARIABLE,
                "fee": "0.000",
                "target": 15,
                "standard": 6,
                "fee_note": t("حسب فئة الرخصة ومدتها", "Depends on licence category and term"),
                "documents": [
                    ID_CARD,
                    t("رخصة القيادة السابقة", "The previous driving licence"),
                    t("فحص النظر", "Eyesight test"),
                ],
                "conditions": [t("عدم وجود مخالفات مرورية غير مدفوعة", "No unpaid traffic fines")],
                "steps": [
                    CHECK_STEP,
                    t("فحص النظر", "Eyesight test"),
                    PAY_STEP,
                    t("طباعة الرخصة", "Licence printed"),
                ],
                "channels": [SANAD],
            },
            {
                "code": "vehicle-registration-renewal",
                "ar": "تجديد ترخيص مركبة",
                "en": "Vehicle registration renewal",
                "fee_kind": VARIABLE,
                "fee": "0.000",
                "target": 15,
                "standard": 7,
                "fee_note": t("حسب سعة المحرك وسنة الصنع", "By engine size and model year"),
                "documents": [
                    OWNER_ID,
                    t("رخصة المركبة", "Vehicle registration card"),
                    t("بوليصة التأمين الإلزامي", "Compulsory insurance policy"),
                    t("شهادة الفحص الفني", "Technical inspection certificate"),
                ],
                "conditions": [
                    t("اجتياز الفحص الفني", "Vehicle passed technical inspection"),
                    t("دفع المخالفات المستحقة", "Outstanding fines paid"),
                ],
                "steps": [
                    CHECK_STEP,
                    PAY_STEP,
                    t("طباعة رخصة المركبة", "Registration card printed"),
                ],
                "channels": [SANAD],
            },
            {
                "code": "vehicle-first-registration",
                "ar": "ترخيص مركبة لأول مرة",
                "en": "First vehicle registration",
                "fee_kind": VARIABLE,
                "fee": "0.000",
                "target": 20,
                "standard": 12,
                "fee_note": t("حسب سعة المحرك ونوع المركبة", "By engine size and vehicle type"),
                "documents": [
                    OWNER_ID,
                    t("البيان الجمركي", "Customs declaration"),
                    t("بوليصة التأمين الإلزامي", "Compulsory insurance policy"),
                    t("شهادة الفحص الفني", "Technical inspection certificate"),
                ],
                "conditions": [t("تخليص المركبة جمركياً", "Vehicle cleared by customs")],
                "steps": [CHECK_STEP, t("صرف اللوحات", "Number plates issued"), PAY_STEP],
                "channels": [],
            },
            {
                "code": "vehicle-ownership-transfer",
                "ar": "نقل ملكية مركبة",
                "en": "Vehicle ownership transfer",
                "fee_kind": VARIABLE,
                "fee": "0.000",
                "target": 20,
                "standard": 12,
                "fee_note": t("رسوم نقل حسب قيمة المركبة", "Transfer fee by vehicle value"),
                "documents": [
                    t("البطاقة الشخصية للبائع والمشتري", "ID cards of seller and buyer"),
                    t("رخصة المركبة", "Vehicle registration card"),
                    POA,
                ],
                "conditions": [
                    t(
                        "حضور البائع والمشتري أو وكلائهما",
                        "Seller and buyer attend, or their attorneys",
                    ),
                    t("خلو المركبة من الحجوزات", "No liens on the vehicle"),
                ],
                "steps": [CHECK_STEP, t("توقيع الطرفين", "Both parties sign"), PAY_STEP],
                "channels": [],
            },
            {
                "code": "lost-licence-replacement",
                "ar": "بدل فاقد رخصة قيادة",
                "en": "Lost driving licence replacement",
                "fee_kind": FIXED,
                "fee": "10.000",
                "target": 15,
                "standard": 5,
                "documents": [ID_CARD, t("إقرار فقدان", "Loss declaration")],
                "conditions": [],
                "steps": [CHECK_STEP, PAY_STEP, t("طباعة الرخصة", "Licence printed")],
                "channels": [SANAD],
            },
            {
                "code": "traffic-fines-payment",
                "ar": "دفع المخالفات المرورية",
                "en": "Traffic fines payment",
                "fee_kind": VARIABLE,
                "fee": "0.000",
                "target": 10,
                "standard": 3,
                "fee_note": t("قيمة المخالفات المستحقة", "The amount of the fines due"),
                "documents": [ID_CARD],
                "conditions": [],
                "steps": [t("الاستعلام عن المخالفات", "Fines looked up"), PAY_STEP],
                "channels": [SANAD, EFAWATEERCOM],
            },
        ],
    },
    {
        "code": "land-survey",
        "ar": "دائرة الأراضي والمساحة",
        "en": "Department of Lands and Survey",
        "letter": "C",
        "services": [
            {
                "code": "title-deed-extract",
                "ar": "إصدار سند تسجيل (صورة عن سند الملكية)",
                "en": "Title deed extract",
                "fee_kind": FIXED,
                "fee": "5.000",
                "target": 20,
                "standard": 8,
                "documents": [OWNER_ID, t("رقم القطعة والحوض", "Plot and basin numbers")],
                "conditions": [
                    t("الطلب من المالك أو وكيله", "Requested by the owner or the attorney")
                ],
                "steps": [CHECK_STEP, PAY_STEP, t("طباعة السند", "Deed printed")],
                "channels": [SANAD],
            },
            {
                "code": "site-plan",
                "ar": "مخطط موقع وأراضٍ",
                "en": "Site and plot plan",
                "fee_kind": FIXED,
                "fee": "3.000",
                "target": 20,
                "standard": 6,
                "documents": [OWNER_ID, t("رقم القطعة والحوض", "Plot and basin numbers")],
                "conditions": [],
                "steps": [CHECK_STEP, PAY_STEP, t("طباعة المخطط", "Plan printed")],
                "channels": [SANAD],
            },
            {
                "code": "property-valuation",
                "ar": "تقدير قيمة عقار",
                "en": "Property valuation",
                "fee_kind": FIXED,
                "fee": "10.000",
                "target": 30,
                "standard": 15,
                "documents": [OWNER_ID, t("سند التسجيل", "Title deed")],
                "conditions": [
                    t("العقار مسجل باسم مقدم الطلب", "The property is registered to the applicant")
                ],
                "steps": [
                    CHECK_STEP,
                    PAY_STEP,
                    t("إحالة الطلب للجنة التقدير", "Referred to the valuation committee"),
                ],
                "channels": [],
            },
        ],
    },
    {
        "code": "social-security",
        "ar": "المؤسسة العامة للضمان الاجتماعي",
        "en": "Social Security Corporation",
        "letter": "D",
        "services": [
            {
                "code": "ssc-voluntary-subscription",
                "ar": "الاشتراك الاختياري",
                "en": "Voluntary subscription",
                "fee_kind": FREE,
                "fee": "0.000",
                "target": 20,
                "standard": 10,
                "documents": [ID_CARD, t("رقم الحساب البنكي", "Bank account number")],
                "conditions": [
                    t("عدم الشمول بالاشتراك الإلزامي", "Not covered by compulsory insurance")
                ],
                "steps": [CHECK_STEP, t("تعبئة نموذج الاشتراك", "Subscription form filled in")],
                "channels": [SANAD],
            },
            {
                "code": "ssc-insurance-statement",
                "ar": "كشف البيانات التأمينية",
                "en": "Insurance record statement",
                "fee_kind": FREE,
                "fee": "0.000",
                "target": 10,
                "standard": 4,
                "documents": [ID_CARD],
                "conditions": [],
                "steps": [CHECK_STEP, t("طباعة الكشف", "Statement printed")],
                "channels": [SANAD],
            },
            {
                "code": "ssc-establishment-registration",
                "ar": "تسجيل منشأة لدى الضمان الاجتماعي",
                "en": "Establishment registration with social security",
                "fee_kind": FREE,
                "fee": "0.000",
                "target": 20,
                "standard": 12,
                "documents": [
                    OWNER_ID,
                    t("شهادة تسجيل الشركة أو المؤسسة", "Company or firm registration certificate"),
                    t("رخصة المهن", "Vocational licence"),
                ],
                "conditions": [t("تشغيل عامل واحد على الأقل", "At least one employee")],
                "steps": [CHECK_STEP, t("إصدار رقم المنشأة", "Establishment number issued")],
                "channels": [SANAD],
            },
        ],
    },
    {
        "code": "income-sales-tax",
        "ar": "دائرة ضريبة الدخل والمبيعات",
        "en": "Income and Sales Tax Department",
        "letter": "E",
        "services": [
            {
                "code": "tax-number",
                "ar": "التسجيل الضريبي (رقم ضريبي)",
                "en": "Tax registration (tax number)",
                "fee_kind": FREE,
                "fee": "0.000",
                "target": 15,
                "standard": 10,
                "documents": [
                    OWNER_ID,
                    t("شهادة تسجيل الشركة أو المؤسسة", "Company or firm registration certificate"),
                    t("عقد إيجار المقر", "Premises lease"),
                ],
                "conditions": [],
                "steps": [CHECK_STEP, t("إصدار الرقم الضريبي", "Tax number issued")],
                "channels": [ISTD],
            },
            {
                "code": "income-tax-return",
                "ar": "تقديم إقرار ضريبة الدخل",
                "en": "Income tax return filing",
                "fee_kind": FREE,
                "fee": "0.000",
                "target": 20,
                "standard": 12,
                "documents": [
                    ID_CARD,
                    t(
                        "كشف الرواتب أو البيانات المالية",
                        "Salary statement or financial statements",
                    ),
                ],
                "conditions": [
                    t(
                        "خلال المدة القانونية (حتى ٣٠ نيسان)",
                        "Within the legal period (by 30 April)",
                    )
                ],
                "steps": [CHECK_STEP, t("إدخال الإقرار", "Return entered"), PAY_STEP],
                "channels": [SANAD, ISTD],
            },
            {
                "code": "tax-clearance",
                "ar": "براءة ذمة ضريبية",
                "en": "Tax clearance certificate",
                "fee_kind": FREE,
                "fee": "0.000",
                "target": 10,
                "standard": 5,
                "documents": [ID_CARD],
                "conditions": [t("عدم وجود مبالغ ضريبية مستحقة", "No tax due")],
                "steps": [CHECK_STEP, t("طباعة براءة الذمة", "Certificate printed")],
                "channels": [SANAD],
            },
            {
                "code": "sales-tax-registration",
                "ar": "التسجيل في الضريبة العامة على المبيعات",
                "en": "General sales tax registration",
                "fee_kind": FREE,
                "fee": "0.000",
                "target": 20,
                "standard": 10,
                "documents": [
                    OWNER_ID,
                    t("الرقم الضريبي", "Tax number"),
                    t("كشف المبيعات السنوية", "Annual sales statement"),
                ],
                "conditions": [
                    t("تجاوز المبيعات حد التسجيل", "Sales above the registration threshold")
                ],
                "steps": [CHECK_STEP, t("إصدار شهادة التسجيل", "Registration certificate issued")],
                "channels": [ISTD],
            },
        ],
    },
    {
        "code": "companies-control",
        "ar": "دائرة مراقبة الشركات",
        "en": "Companies Control Department",
        "letter": "F",
        "services": [
            {
                "code": "company-registration",
                "ar": "تسجيل شركة ذات مسؤولية محدودة",
                "en": "Limited liability company registration",
                "fee_kind": FIXED,
                "fee": "50.000",
                "target": 30,
                "standard": 20,
                "fee_note": t(
                    "إضافة إلى رسوم النشر في الجريدة الرسمية",
                    "Plus the Official Gazette publication fee",
                ),
                "documents": [
                    t("البطاقات الشخصية للشركاء", "Partners' ID cards"),
                    t("عقد التأسيس والنظام الأساسي", "Memorandum and articles of association"),
                    t("حجز الاسم التجاري", "Trade name reservation"),
                ],
                "conditions": [t("حضور الشركاء أو وكلائهم", "Partners attend, or their attorneys")],
                "steps": [
                    CHECK_STEP,
                    t("توقيع عقد التأسيس أمام الموظف", "Memorandum signed before the officer"),
                    PAY_STEP,
                    t("إصدار شهادة التسجيل", "Registration certificate issued"),
                ],
                "channels": [CCD],
            },
            {
                "code": "company-certificate",
                "ar": "شهادة تسجيل شركة",
                "en": "Company registration certificate",
                "fee_kind": FIXED,
                "fee": "10.000",
                "target": 15,
                "standard": 5,
                "documents": [ID_CARD, t("الرقم الوطني للمنشأة", "National establishment number")],
                "conditions": [],
                "steps": [CHECK_STEP, PAY_STEP, t("طباعة الشهادة", "Certificate printed")],
                "channels": [CCD],
            },
            {
                "code": "company-amendment",
                "ar": "تعديل بيانات شركة",
                "en": "Company details amendment",
                "fee_kind": FIXED,
                "fee": "20.000",
                "target": 30,
                "standard": 15,
                "documents": [t("محضر اجتماع الشركاء", "Partners' meeting minutes"), ID_CARD],
                "conditions": [
                    t(
                        "قرار الهيئة العامة حسب نوع التعديل",
                        "General assembly resolution where required",
                    )
                ],
                "steps": [CHECK_STEP, PAY_STEP, t("تحديث السجل", "Register updated")],
                "channels": [],
            },
        ],
    },
    {
        "code": "industry-trade",
        "ar": "وزارة الصناعة والتجارة والتموين",
        "en": "Ministry of Industry, Trade and Supply",
        "letter": "G",
        "services": [
            {
                "code": "trade-name-registration",
                "ar": "تسجيل اسم تجاري",
                "en": "Trade name registration",
                "fee_kind": FIXED,
                "fee": "10.000",
                "target": 15,
                "standard": 8,
                "documents": [ID_CARD, t("ثلاثة أسماء مقترحة", "Three proposed names")],
                "conditions": [
                    t("ألا يكون الاسم مسجلاً مسبقاً", "The name is not already registered")
                ],
                "steps": [
                    t("البحث عن الاسم", "Name searched"),
                    PAY_STEP,
                    t("إصدار الشهادة", "Certificate issued"),
                ],
                "channels": [SANAD],
            },
            {
                "code": "sole-proprietorship",
                "ar": "تسجيل مؤسسة فردية",
                "en": "Sole proprietorship registration",
                "fee_kind": FIXED,
                "fee": "15.000",
                "target": 20,
                "standard": 10,
                "documents": [ID_CARD, t("شهادة الاسم التجاري", "Trade name certificate")],
                "conditions": [t("بلوغ ١٨ عاماً", "Aged 18 or over")],
                "steps": [
                    CHECK_STEP,
                    PAY_STEP,
                    t("إصدار شهادة التسجيل", "Registration certificate issued"),
                ],
                "channels": [SANAD],
            },
            {
                "code": "import-licence",
                "ar": "رخصة استيراد",
                "en": "Import licence",
                "fee_kind": FIXED,
                "fee": "25.000",
                "target": 20,
                "standard": 10,
                "documents": [
                    t("سجل تجاري", "Commercial register"),
                    t("الرقم الضريبي", "Tax number"),
                ],
                "conditions": [t("سجل تجاري ساري المفعول", "A valid commercial register")],
                "steps": [CHECK_STEP, PAY_STEP, t("إصدار الرخصة", "Licence issued")],
                "channels": [],
            },
        ],
    },
    {
        "code": "amman-municipality",
        "ar": "أمانة عمّان الكبرى - الخدمات البلدية",
        "en": "Greater Amman Municipality — municipal services",
        "letter": "H",
        "services": [
            {
                "code": "vocational-licence",
                "ar": "إصدار رخصة مهن",
                "en": "Vocational (trade) licence issue",
                "fee_kind": VARIABLE,
                "fee": "0.000",
                "target": 25,
                "standard": 15,
                "fee_note": t("حسب النشاط والمساحة والمنطقة", "By activity, floor area and zone"),
                "documents": [
                    OWNER_ID,
                    t("شهادة تسجيل الشركة أو المؤسسة", "Company or firm registration certificate"),
                    t("عقد إيجار المقر", "Premises lease"),
                    t("إذن أشغال", "Occupancy permit"),
                ],
                "conditions": [t("استعمال المقر مطابق للتنظيم", "Premises use matches the zoning")],
                "steps": [
                    CHECK_STEP,
                    t("الكشف الموقعي عند الحاجة", "Site inspection where needed"),
                    PAY_STEP,
                    t("إصدار الرخصة", "Licence issued"),
                ],
                "channels": [GAM],
            },
            {
                "code": "vocational-licence-renewal",
                "ar": "تجديد رخصة مهن",
                "en": "Vocational licence renewal",
                "fee_kind": VARIABLE,
                "fee": "0.000",
                "target": 15,
                "standard": 6,
                "fee_note": t("حسب النشاط والمساحة", "By activity and floor area"),
                "documents": [OWNER_ID, t("الرخصة السابقة", "The previous licence")],
                "conditions": [t("براءة ذمة من الأمانة", "Clearance from the municipality")],
                "steps": [CHECK_STEP, PAY_STEP, t("طباعة الرخصة", "Licence printed")],
                "channels": [GAM, EFAWATEERCOM],
            },
            {
                "code": "building-permit",
                "ar": "رخصة إنشاءات",
                "en": "Building permit",
                "fee_kind": VARIABLE,
                "fee": "0.000",
                "target": 30,
                "standard": 20,
                "fee_note": t("حسب المساحة وصنف الاستعمال", "By floor area and use class"),
                "documents": [
                    OWNER_ID,
                    t("سند التسجيل", "Title deed"),
                    t("مخطط موقع", "Site plan"),
                    t("المخططات الهندسية المصدقة", "Certified engineering drawings"),
                ],
                "conditions": [
                    t(
                        "موافقة نقابة المهندسين على المخططات",
                        "Drawings approved by the Engineers Association",
                    )
                ],
                "steps": [CHECK_STEP, t("التدقيق الفني", "Technical review"), PAY_STEP],
                "channels": [],
            },
            {
                "code": "property-tax-payment",
                "ar": "دفع ضريبة الأبنية والأراضي (المسقفات)",
                "en": "Buildings and land tax payment",
                "fee_kind": VARIABLE,
                "fee": "0.000",
                "target": 10,
                "standard": 4,
                "fee_note": t("قيمة الضريبة المستحقة", "The tax due"),
                "documents": [OWNER_ID, t("رقم العقار", "Property number")],
                "conditions": [],
                "steps": [t("الاستعلام عن المستحقات", "Dues looked up"), PAY_STEP],
                "channels": [SANAD, EFAWATEERCOM],
            },
        ],
    },
    {
        "code": "justice",
        "ar": "وزارة العدل",
        "en": "Ministry of Justice",
        "letter": "J",
        "services": [
            {
                "code": "non-conviction-certificate",
                "ar": "شهادة عدم محكومية",
                "en": "Certificate of non-conviction",
                "fee_kind": FIXED,
                "fee": "1.000",
                "target": 10,
                "standard": 4,
                "documents": [ID_CARD],
                "conditions": [],
                "steps": [CHECK_STEP, PAY_STEP, t("طباعة الشهادة", "Certificate printed")],
                "channels": [SANAD],
            },
            {
                "code": "power-of-attorney",
                "ar": "تنظيم وكالة عدلية",
                "en": "Notarised power of attorney",
                "fee_kind": FIXED,
                "fee": "5.000",
                "target": 20,
                "standard": 10,
                "documents": [
                    t("البطاقة الشخصية للموكل والوكيل", "ID cards of principal and attorney")
                ],
                "conditions": [t("حضور الموكل شخصياً", "The principal attends in person")],
                "steps": [
                    CHECK_STEP,
                    t("التوقيع أمام الكاتب العدل", "Signed before the notary"),
                    PAY_STEP,
                ],
                "channels": [],
            },
        ],
    },
    {
        "code": "customs",
        "ar": "دائرة الجمارك الأردنية",
        "en": "Jordan Customs",
        "letter": "K",
        "services": [
            {
                "code": "vehicle-customs-clearance",
                "ar": "التخليص الجمركي على مركبة",
                "en": "Vehicle customs clearance",
                "fee_kind": VARIABLE,
                "fee": "0.000",
                "target": 30,
                "standard": 15,
                "fee_note": t(
                    "الرسوم الجمركية حسب نوع المركبة وقيمتها",
                    "Customs duty by vehicle type and value",
                ),
                "documents": [
                    OWNER_ID,
                    t("البيان الجمركي", "Customs declaration"),
                    t("فاتورة الشراء", "Purchase invoice"),
                ],
                "conditions": [
                    t(
                        "وصول المركبة إلى المنطقة الجمركية",
                        "The vehicle has reached the customs zone",
                    )
                ],
                "steps": [CHECK_STEP, t("احتساب الرسوم", "Duty calculated"), PAY_STEP],
                "channels": [],
            },
            {
                "code": "personal-effects-exemption",
                "ar": "إعفاء جمركي للأمتعة الشخصية",
                "en": "Personal effects customs exemption",
                "fee_kind": FREE,
                "fee": "0.000",
                "target": 20,
                "standard": 10,
                "documents": [
                    ID_CARD,
                    t("جواز السفر", "Passport"),
                    t("قائمة الأمتعة", "List of effects"),
                ],
                "conditions": [
                    t("إقامة في الخارج سنة على الأقل", "At least one year's residence abroad")
                ],
                "steps": [CHECK_STEP, t("إصدار كتاب الإعفاء", "Exemption letter issued")],
                "channels": [],
            },
        ],
    },
]

# Ordered services served in one visit; the letter is printed on the ticket.
BUNDLES = [
    {
        "code": "open-business",
        "ar": "حزمة فتح مشروع تجاري",
        "en": "Open a business",
        "letter": "M",
        "services": ["company-registration", "vocational-licence", "tax-number"],
    },
    {
        "code": "new-vehicle",
        "ar": "حزمة مركبة جديدة",
        "en": "New vehicle",
        "letter": "V",
        "services": ["vehicle-customs-clearance", "vehicle-first-registration"],
    },
]

# Demo opening hours: open all day every day so the demo works at any time. Real centres
# set Sunday–Thursday 08:00–15:00 (weekdays 6, 0, 1, 2, 3) in the admin.
ALL_DAY = ("00:00", "23:59:59.999999")

CENTRES = [
    {
        "code": "amman",
        "ar": "مركز الخدمات الحكومية الشامل - عمّان",
        "en": "Amman Comprehensive Government Service Centre",
        "governorate": "Amman",
        "size_class": "comprehensive",
        "charter_ar": "نلتزم بخدمتك خلال وقت الانتظار المعلن لكل خدمة، وبالاحترام والشفافية.",
        "charter_en": (
            "We commit to serve you within each service's published waiting time, "
            "with respect and transparency."
        ),
        "counters": 12,
        "services": "all",
        "daily_caps": {"passport-first-issue": 150, "building-permit": 40},
    },
    {
        "code": "irbid",
        "ar": "مكتب الخدمات الحكومية - إربد",
        "en": "Irbid Government Service Office",
        "governorate": "Irbid",
        "size_class": "office",
        "charter_ar": "خدمات حكومية متعددة تحت سقف واحد في إربد.",
        "charter_en": "Many government services under one roof in Irbid.",
        "counters": 4,
        "services": [
            "passport-renewal",
            "id-card-renewal",
            "birth-certificate",
            "civil-record-extract",
            "licence-renewal",
            "vehicle-registration-renewal",
            "traffic-fines-payment",
            "ssc-insurance-statement",
            "tax-clearance",
            "non-conviction-certificate",
        ],
        "daily_caps": {"passport-renewal": 80},
    },
]

# username, first name, last name, role, centre code (None: national), certified services
# (None: universal employee).
STAFF = [
    ("manager", "ليلى", "الحسن", "manager", "amman", None),
    ("supervisor", "خالد", "العمري", "supervisor", "amman", None),
    ("agent1", "أحمد", "الخطيب", "agent", "amman", None),
    ("agent2", "رنا", "المصري", "agent", "amman", None),
    ("agent3", "محمد", "الزعبي", "agent", "amman", None),
    ("agent4", "سارة", "النعيمي", "agent", "amman", None),
    ("agent5", "عمر", "الحياري", "agent", "amman", None),
    ("agent6", "هبة", "الشوبكي", "agent", "amman", None),
    (
        "agent7",
        "يوسف",
        "البطاينة",
        "agent",
        "amman",
        ["passport-renewal", "id-card-renewal", "birth-certificate", "civil-record-extract"],
    ),
    (
        "agent8",
        "دانة",
        "الرواشدة",
        "agent",
        "amman",
        ["licence-renewal", "vehicle-registration-renewal", "traffic-fines-payment"],
    ),
    ("irbid-agent1", "فادي", "الشرع", "agent", "irbid", None),
    ("irbid-agent2", "نور", "العزام", "agent", "irbid", None),
    ("analyst", "تالا", "القضاة", "analyst", None, None),
]

# One registered kiosk per centre, so the demo kiosk runs as a real one (device API, its
# printing mode). The token is fixed and public: demo only, like the feedback tablets'.
KIOSK_NAME = "Demo kiosk"


def kiosk_token(centre_code: str) -> str:
    return f"demo-kiosk-{centre_code}"


# Counters opened at the comprehensive centre, and the waiting tickets issued, when it has
# no tickets yet today: (services or bundle, priority, language).
OPEN_COUNTERS = [(number, f"agent{number}") for number in range(1, 7)]
DEMO_TICKETS = [
    (["passport-renewal"], None, "ar"),
    (["licence-renewal"], None, "ar"),
    (["id-card-renewal"], "elderly", "ar"),
    (["tax-clearance"], None, "en"),
    ("open-business", None, "ar"),
    (["vehicle-registration-renewal"], None, "ar"),
    (["birth-certificate", "civil-record-extract"], None, "ar"),
    (["title-deed-extract"], None, "en"),
    (["ssc-insurance-statement"], None, "ar"),
    (["non-conviction-certificate"], None, "ar"),
]
